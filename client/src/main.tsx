import { isRoomId } from '@roofline/shared'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { BoardPage } from './board/BoardPage.tsx'
import { HomePage } from './home/HomePage.tsx'
import { LibraryPage } from './library/LibraryPage.tsx'
import { ProblemPage } from './ProblemPage.tsx'
import { ReplayPage } from './replay/ReplayPage.tsx'
import { SessionPage } from './session/SessionPage.tsx'
import './styles.css'

/** Picks the page for the current path; the server answers index.html for each of these. */
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
  return <ProblemPage title="Page not found" detail={`Nothing lives at ${path}.`} />
}

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
