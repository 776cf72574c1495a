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

/** One early connection of a kind: held until its page takes it, or closed when none does in time. */
class EarlySlot<T> {
  private held: { key: string; connection: T; close(): void } | null = null

  get empty(): boolean {
    return this.held === null
  }

  put(key: string, connection: T, close: () => void): void {
    const early = { key, connection, close }
    this.held = early
    setTimeout(() => {
      if (this.held === early) this.drop(key)
    }, UNCLAIMED_MS)
  }

  /** The connection held for `key`, once; null if there is none. */
  take(key: string): T | null {
    const early = this.held
    if (!early || early.key !== key) return null
    this.held = null
    return early.connection
  }

  /** Closes the connection held for `key`, if it is still held. */
  drop(key: string): void {
    const early = this.held
    if (!early || early.key !== key) return
    this.held = null
    early.close()
  }
}

const control = new EarlySlot<ControlConnection>()
const board = new EarlySlot<BoardConnection>()

const keyOf = (id: string, token: string | undefined) => `${id}\n${token ?? ''}`

/** Opens a scratch board's document socket early (`/b/<room>`). */
export function openBoardEarly(roomId: string, token?: string): void {
  if (!board.empty) return
  const connection = connectBoard({ roomId, token })
  board.put(keyOf(roomId, token), connection, () => connection.destroy())
}

/**
 * Opens a session's control socket and its board's document socket early (`/s/<id>#token=…`).
 * A refused control connection closes the board's too: the page will show why and never claim it.
 */
export function openSessionEarly(sessionId: string, token: string): void {
  if (!control.empty) return
  const connection = connectControl({ sessionId, token })
  const key = keyOf(sessionId, token)
  control.put(key, connection, () => connection.close())
  openBoardEarly(sessionId, token)
  connection.onRefused(() => board.drop(key))
}

/** The control connection opened early for this session and token, once; null if there is none. */
export function takeEarlyControl(sessionId: string, token: string): ControlConnection | null {
  return control.take(keyOf(sessionId, token))
}

/** The document connection opened early for this room and token, once; null if there is none. */
export function takeEarlyBoard(roomId: string, token: string | undefined): BoardConnection | null {
  return board.take(keyOf(roomId, token))
}
