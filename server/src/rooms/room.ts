import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { LogCursor } from './logCursor.ts'

/** Who is on the other end of a connection, as the authenticate hook decided. */
export interface Principal {
  /** Role name, recorded as the author of every update this connection sends. */
  role: string
  /** Whether document updates from this connection are accepted (observers: false). */
  canWrite: boolean
}

/** One client's connection to a room, whatever the transport. */
export interface Connection {
  readonly id: string
  /** Mutable: a session's swap or end changes the rights of open connections at once. */
  readonly principal: Principal
  /** Queues a binary message to the client. */
  send(message: Uint8Array): void
  /** Closes the connection with a WebSocket close code and a reason the client can read. */
  close(code: number, reason: string): void
}

/**
 * A loaded room: its document, the awareness of who is here, and the open connections,
 * each with the awareness client ids it controls (removed when it leaves).
 */
export class Room {
  readonly id: string
  readonly doc: Y.Doc
  readonly awareness: Awareness
  readonly connections = new Map<Connection, Set<number>>()
  /** Which stored log entries `doc` holds (kept by persistence and by fan-out). */
  readonly log = new LogCursor()
  /** Set when a store failed: the room refuses work and is reloaded from storage. */
  failed = false
  #pending: Promise<void> = Promise.resolve()

  constructor(id: string) {
    this.id = id
    this.doc = new Y.Doc()
    this.awareness = new Awareness(this.doc)
    // The server is not a participant: it has no awareness state of its own.
    this.awareness.setLocalState(null)
  }

  /**
   * Runs `task` after every task queued before it. Change hooks and relays go through this
   * queue, so an update is relayed only after it was stored, and in the order it was stored.
   */
  enqueue(task: () => Promise<void> | void): Promise<void> {
    const next = this.#pending.then(task)
    this.#pending = next.catch(() => {})
    return next
  }

  /** Resolves when everything queued so far has run. */
  settled(): Promise<void> {
    return this.enqueue(() => {})
  }

  /** Sends `message` to every connection but `except`. */
  broadcast(message: Uint8Array, except?: Connection | null): void {
    for (const connection of this.connections.keys()) {
      if (connection !== except) connection.send(message)
    }
  }

  /** Frees the document and awareness. */
  destroy(): void {
    this.awareness.destroy()
    this.doc.destroy()
  }
}
