import { isRoomId, tokenFromHash } from '@roofline/shared'
import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { ProblemPage } from './ProblemPage.tsx'
import './styles.css'

// Each page is its own chunk: the start page and the library load without tldraw (most of
// the bundle), and a board page does not carry the replay player.
const HomePage = lazy(() => import('./home/HomePage.tsx').then((m) => ({ default: m.HomePage })))
const BoardPage = lazy(() => import('./board/BoardPage.tsx').then((m) => ({ default: m.BoardPage })))
const SessionPage = lazy(() => import('./session/SessionPage.tsx').then((m) => ({ default: m.SessionPage })))
const LibraryPage = lazy(() => import('./library/LibraryPage.tsx').then((m) => ({ default: m.LibraryPage })))
const ReplayPage = lazy(() => import('./replay/ReplayPage.tsx').then((m) => ({ default: m.ReplayPage })))
const ReportPage = lazy(() => import('./replay/ReportPage.tsx').then((m) => ({ default: m.ReportPage })))

/**
 * On a session or board link, opens the page's sockets now, while the page's code and tldraw
 * download and run: the page takes them over when it mounts (net/earlyConnections.ts). The
 * conditions are the pages' own, so an early connection is one the page would open.
 */
function openConnectionsEarly(path: string, hash: string): void {
  const session = /^\/s\/([^/]+)$/.exec(path)
  const board = /^\/b\/([^/]+)$/.exec(path)
  const id = decodeURIComponent(session?.[1] ?? board?.[1] ?? '')
  if (!isRoomId(id)) return
  const token = tokenFromHash(hash)
  if (session && !token) return
  void import('./net/earlyConnections.ts').then((early) =>
    session && token ? early.openSessionEarly(id, token) : early.openBoardEarly(id),
  )
}

/** Picks the page for the current path; the server answers each with its page's HTML (page-<name>.html). */
function App() {
  const path = window.location.pathname
  if (path === '/') return <HomePage />
  const board = /^\/b\/([^/]+)$/.exec(path)
  if (board) {
    const roomId = decodeURIComponent(board[1] ?? '')
    if (isRoomId(roomId)) return <BoardPage roomId={roomId} />
    return (
      <ProblemPage
        title="This is not a valid board link"
        detail="Board ids are 1–64 letters, digits, - and _."
      />
    )
  }
  const session = /^\/s\/([^/]+)$/.exec(path)
  if (session) {
    const sessionId = decodeURIComponent(session[1] ?? '')
    if (isRoomId(sessionId)) return <SessionPage sessionId={sessionId} />
    return (
      <ProblemPage title="This is not a valid session link" detail="Check that you copied the whole link." />
    )
  }
  if (path === '/library') return <LibraryPage />
  const replay = /^\/replay\/([^/]+)$/.exec(path)
  if (replay) {
    const sessionId = decodeURIComponent(replay[1] ?? '')
    if (isRoomId(sessionId)) return <ReplayPage sessionId={sessionId} />
    return (
      <ProblemPage title="This is not a valid replay link" detail="Check that you copied the whole link." />
    )
  }
  const report = /^\/report\/([^/]+)$/.exec(path)
  if (report) {
    const sessionId = decodeURIComponent(report[1] ?? '')
    if (isRoomId(sessionId)) return <ReportPage sessionId={sessionId} />
    return (
      <ProblemPage title="This is not a valid report link" detail="Check that you copied the whole link." />
    )
  }
  return <ProblemPage title="Page not found" detail={`Nothing lives at ${path}.`} />
}

openConnectionsEarly(window.location.pathname, window.location.hash)
const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <Suspense fallback={<div className="page-loading">Loading…</div>}>
      <App />
    </Suspense>
  </StrictMode>,
)
