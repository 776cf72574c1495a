import { type BoardConnection, connectBoard } from './boardConnection.ts'
import { type ControlConnection, connectControl } from './controlConnection.ts'

/**
 * Connections a page opens as soon as its entry script runs, before the page's own code (and
 * tldraw, ~600 kB compressed, which it imports) has downloaded and run: the session's control
 * socket and the board's document socket then handshake and sync while tldraw loads, instead
 * of after it. The page claims them when it would have connected (`takeEarlyControl`,
 * `takeEarlyBoard`); whatever is not claimed in time is closed, so a page that never gets as
 * far (a refused link) leaves nothing open.
 */

/** How long an early connection waits for its page before it is closed. */
const UNCLAIMED_MS = 30_000

interface Early<T> {
  key: string
  connection: T
  close(): void
}

let control: Early<ControlConnection> | null = null
let board: Early<BoardConnection> | null = null

const keyOf = (id: string, token: string | undefined) => `${id}\n${token ?? ''}`

/** Closes `early` after a while unless `stillUnclaimed` says the page took it (and forgets it). */
function closeLater(early: Early<unknown>, stillUnclaimed: () => boolean): void {
  setTimeout(() => {
    if (stillUnclaimed()) early.close()
  }, UNCLAIMED_MS)
}

/** Opens a scratch board's document socket early (`/b/<room>`). */
export function openBoardEarly(roomId: string, token?: string): void {
  if (board) return
  const connection = connectBoard({ roomId, token })
  const early: Early<BoardConnection> = {
    key: keyOf(roomId, token),
    connection,
    close: () => connection.destroy(),
  }
  board = early
  closeLater(early, () => {
    if (board !== early) return false
    board = null
    return true
  })
}

/**
 * Opens a session's control socket and its board's document socket early (`/s/<id>#token=…`).
 * A refused control connection closes the board's too: the page will show why and never claim it.
 */
export function openSessionEarly(sessionId: string, token: string): void {
  if (control) return
  const connection = connectControl({ sessionId, token })
  const early: Early<ControlConnection> = {
    key: keyOf(sessionId, token),
    connection,
    close: () => connection.close(),
  }
  control = early
  closeLater(early, () => {
    if (control !== early) return false
    control = null
    return true
  })
  openBoardEarly(sessionId, token)
  connection.onRefused(() => {
    const unclaimed = board
    if (unclaimed?.key !== early.key) return
    board = null
    unclaimed.close()
  })
}

/** The control connection opened early for this session and token, once; null if there is none. */
export function takeEarlyControl(sessionId: string, token: string): ControlConnection | null {
  const early = control
  if (!early || early.key !== keyOf(sessionId, token)) return null
  control = null
  return early.connection
}

/** The document connection opened early for this room and token, once; null if there is none. */
export function takeEarlyBoard(roomId: string, token: string | undefined): BoardConnection | null {
  const early = board
  if (!early || early.key !== keyOf(roomId, token)) return null
  board = null
  return early.connection
}
