import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { LogCursor } from './logCursor.ts'
import { encodeSyncStep2 } from './yMessages.ts'

/**
 * The smallest whole-document sync answer worth keeping between joins: encoding a
 * 5,000-shape board takes milliseconds per join, a small board's costs next to nothing and
 * keeping it would only add to every room's memory.
 */
const KEEP_WHOLE_STATE_BYTES = 64 * 1024

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
  /**
   * Which connection introduced each awareness client id: only it may update or remove that
   * state (no connection speaks for another's presence, or cursor in the recording).
   */
  readonly awarenessOwners = new Map<number, Connection>()
  /** Which stored log entries `doc` holds (kept by persistence and by fan-out). */
  readonly log = new LogCursor()
  /** Set when a store failed: the room refuses work and is reloaded from storage. */
  failed = false
  /**
   * Bytes the document takes as stored: what it was loaded from (its snapshot and the updates
   * after it) plus every update accepted since, reset to the encoded size at each snapshot.
   * Kept by persistence; the lifecycle refuses updates past its room size limit.
   */
  sizeBytes = 0
  #pending: Promise<void> = Promise.resolve()
  /** The update `apply` is applying, with its origin and what the store held pending before it. */
  #incoming: Incoming | null = null
  /** The sync answer for a client that holds nothing, while the document is unchanged (see `syncStep2`). */
  #wholeState: WholeState | null = null

  constructor(id: string) {
    this.id = id
    this.doc = new Y.Doc()
    this.awareness = new Awareness(this.doc)
    // The server is not a participant: it has no awareness state of its own.
    this.awareness.setLocalState(null)
    // Not every transaction: each joining client sends its (empty) state, which changes nothing.
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (this.#wholeState && (transaction.deleteSet.clients.size > 0 || stateAdvanced(transaction))) {
        this.#wholeState = null
      }
    })
  }

  /**
   * Sync step 2 for a client whose state vector is `stateVector`: everything it lacks. Most
   * joins come with nothing (a fresh page), and then every one of them gets the same bytes:
   * a large document's answer is encoded once and kept until the next transaction.
   */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    // An empty state vector is the count 0, one byte.
    const holdsNothing = stateVector.byteLength === 1 && stateVector[0] === 0
    const { pendingStructs, pendingDs } = this.doc.store
    const kept = this.#wholeState
    // The answer carries what the store holds pending too: compared by identity, as in `apply`.
    if (holdsNothing && kept && kept.pendingStructs === pendingStructs && kept.pendingDs === pendingDs) {
      return kept.message
    }
    const message = encodeSyncStep2(this.doc, stateVector)
    if (holdsNothing && message.byteLength >= KEEP_WHOLE_STATE_BYTES) {
      this.#wholeState = { message, pendingStructs, pendingDs }
    }
    return message
  }

  /**
   * Applies an update that came from outside (a client, another process) with `origin` as
   * its transaction's origin; `changeOf` then answers with these very bytes.
   */
  apply(update: Uint8Array, origin: unknown): void {
    const { pendingStructs, pendingDs } = this.doc.store
    this.#incoming = { update, origin, pendingStructs: pendingStructs?.update ?? null, pendingDs }
    try {
      Y.applyUpdate(this.doc, update, origin)
    } finally {
      this.#incoming = null
    }
  }

  /**
   * The update that makes a finished transaction's change (call it from the document's
   * `afterTransactionCleanup`), or null when it changed nothing.
   *
   * An update applied through `apply` is answered with the bytes that came in: Yjs encodes
   * a transaction's update again for every `update` listener, a tenth of the server's CPU
   * under a drawing load, and the incoming bytes hold the same change. They are kept too
   * when they only added to what the store holds pending (structs or deletions whose
   * dependencies have not arrived), so the log and the other clients get those as well,
   * instead of with whichever later update completes them. Any other transaction (one the
   * server made itself) is encoded from the state before it.
   */
  changeOf(transaction: Y.Transaction): Uint8Array | null {
    const incoming = this.#incoming
    const changed = transaction.deleteSet.clients.size > 0 || stateAdvanced(transaction)
    if (incoming && transaction.origin === incoming.origin) {
      const { pendingStructs, pendingDs } = this.doc.store
      const pendingChanged =
        (pendingStructs?.update ?? null) !== incoming.pendingStructs || pendingDs !== incoming.pendingDs
      return changed || pendingChanged ? incoming.update : null
    }
    return changed ? Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(transaction.beforeState)) : null
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

/** A kept whole-document sync answer and the pending parts of the store it was encoded with. */
interface WholeState {
  message: Uint8Array
  pendingStructs: { missing: Map<number, number>; update: Uint8Array } | null
  pendingDs: Uint8Array | null
}

/** What `Room.apply` remembers while Yjs applies an update. */
interface Incoming {
  update: Uint8Array
  origin: unknown
  /**
   * The store's pending structs and deletions before it (compared by identity: Yjs replaces
   * these arrays whenever it adds to them or takes from them).
   */
  pendingStructs: Uint8Array | null
  pendingDs: Uint8Array | null
}

/** Whether a transaction added structs (Yjs's own test before it emits `update`). */
function stateAdvanced(transaction: Y.Transaction): boolean {
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true
  }
  return false
}
