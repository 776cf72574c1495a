import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { StatusError } from '../statusError.ts'
import { type Connection, type Principal, Room } from './room.ts'
import type { RoomLogger } from './roomLogger.ts'
import { CloseCode, RoomMessages, type UpdateAdmission } from './roomMessages.ts'
import { encodeAwareness, encodeSyncStep1, encodeUpdate, type MessageLimits } from './yMessages.ts'

// Where these lived before the split; importers keep reaching them here.
export type { RoomLogger } from './roomLogger.ts'
export { CloseCode, closeReason } from './roomMessages.ts'

/** The payload of the authenticate hook. */
export interface AuthenticatePayload {
  roomId: string
  /** The `token` query parameter, if any. */
  token: string | null
  /** The client's IP address (as the HTTP layer sees it), for per-address quotas. */
  address?: string
}

/** A document change as the change hooks see it. */
export interface RoomChange {
  update: Uint8Array
  /** The connection it came from, or null when the server made it. */
  origin: Connection | null
  /** Server time it was accepted, in milliseconds since the epoch. */
  at: number
  /**
   * True when another server process accepted and stored it (Redis fan-out): the hooks must
   * neither store nor publish it again, only take note.
   */
  remote: boolean
  /** Its position in the room's log: set by the extension that stored it, or given with a remote change. */
  seq?: number
}

/** An awareness change as the hooks see it. */
export interface AwarenessChange {
  /** Awareness client ids added, updated or removed. */
  clients: number[]
  /**
   * True when it came from this process: one of its connections, or the server removing
   * the states of a connection that left. False for remote states and expired ones.
   */
  local: boolean
}

/**
 * The transaction origin of a change that came from another server process; `seq` is the
 * log position it was stored at there (absent for awareness).
 */
export class RemoteOrigin {
  readonly seq: number | undefined
  constructor(seq?: number) {
    this.seq = seq
  }
}

/**
 * A room extension: any subset of the lifecycle hooks. Extensions run in the order given;
 * persistence, auth, recording and fan-out all plug in here.
 */
export interface RoomExtension {
  /** Returns a principal to admit the client, undefined to leave the decision to others, or throws to refuse. */
  onAuthenticate?(payload: AuthenticatePayload): Promise<Principal | undefined>
  /** Fills a newly created room (first join) before any client sees it. */
  onLoad?(room: Room): Promise<void>
  /**
   * Runs once every `onLoad` finished and the room listens for changes, before any client
   * sees it: changes made here go through the change hooks like any other.
   */
  onReady?(room: Room): Promise<void>
  /**
   * Runs synchronously before a client's update is applied: a reason refuses it (see
   * `UpdateAdmission`), null leaves it to the next extension.
   */
  admitUpdate?: UpdateAdmission
  /**
   * Runs synchronously the moment a change is accepted, in the order changes are accepted,
   * before any `onChange`. Persistence starts its append here, so the changes a room accepts
   * in one turn of the event loop share one commit instead of waiting for each other's.
   */
  onAccept?(room: Room, change: RoomChange): void
  /**
   * Runs for every accepted change before it is relayed; a rejection means "not stored".
   * A hook with nothing to wait for may return nothing: the change goes on in the same tick.
   */
  onChange?(room: Room, change: RoomChange): Promise<void> | undefined
  /** Persists whatever a room keeps beyond its log (e.g. a snapshot) before unload and on shutdown. */
  onStore?(room: Room): Promise<void>
  /** Runs for every awareness change, after it was relayed to this process's clients. */
  onAwarenessChange?(room: Room, change: AwarenessChange): void
  /** The room is leaving memory (unloaded, dropped or failed). */
  onUnload?(room: Room): Promise<void>
}

/** Thrown by an authenticate hook to refuse a client; `status` is the HTTP status of the refusal. */
export class AuthError extends StatusError {
  override name = 'AuthError'
}

/** Lifecycle settings. */
export interface RoomLifecycleOptions {
  extensions: RoomExtension[]
  logger: RoomLogger
  /** How long an empty room stays loaded, in milliseconds. */
  idleMs: number
  /** Bounds on what a client message may hold (default: `DEFAULT_MESSAGE_LIMITS`). */
  limits?: MessageLimits
  /**
   * Largest a room's document may grow, in stored bytes (`Room.sizeBytes`); an update past it
   * is refused and its connection closed (1009). Default: no limit.
   */
  maxRoomBytes?: number
}

/**
 * Owns every loaded room: loads a room on first join, hands its clients' messages to
 * `RoomMessages` (the sync and awareness protocols), runs the extension hooks, and unloads a
 * room once its last client has been gone for `idleMs`.
 */
export class RoomLifecycle {
  readonly #options: RoomLifecycleOptions
  readonly #messages: RoomMessages
  /**
   * The extensions with change hooks: every update passes through these, and awaiting an
   * absent hook still costs a turn of the microtask queue (four of six extensions have none).
   */
  readonly #acceptHooks: RoomExtension[]
  readonly #changeHooks: RoomExtension[]
  readonly #rooms = new Map<string, Promise<Room>>()
  /** Rooms whose load finished, for synchronous lookups. */
  readonly #loaded = new Map<string, Room>()
  readonly #unloading = new Map<string, Promise<void>>()
  readonly #idleTimers = new Map<string, NodeJS.Timeout>()
  #closed = false

  constructor(options: RoomLifecycleOptions) {
    this.#options = options
    this.#messages = new RoomMessages({
      ...options,
      // Bound to its extension, like every other hook is called on its own.
      admissions: options.extensions.flatMap((extension) =>
        extension.admitUpdate ? [extension.admitUpdate.bind(extension)] : [],
      ),
    })
    this.#acceptHooks = options.extensions.filter((extension) => extension.onAccept)
    this.#changeHooks = options.extensions.filter((extension) => extension.onChange)
  }

  /** Number of rooms in memory. */
  get loadedRoomCount(): number {
    return this.#rooms.size
  }

  /** The open connections of room `roomId` (none when it is not loaded). */
  connectionsIn(roomId: string): Connection[] {
    const room = this.#loaded.get(roomId)
    return room ? [...room.connections.keys()] : []
  }

  /**
   * Runs the authenticate hooks; the last principal returned wins.
   * @throws AuthError when a hook refuses or none admits the client.
   */
  async authenticate(payload: AuthenticatePayload): Promise<Principal> {
    let principal: Principal | undefined
    for (const extension of this.#options.extensions) {
      principal = (await extension.onAuthenticate?.(payload)) ?? principal
    }
    if (!principal) throw new AuthError(401, 'no credentials accepted for this room')
    return principal
  }

  /** Adds `connection` to the room (loading it if needed) and starts the sync handshake. */
  async join(roomId: string, connection: Connection): Promise<Room> {
    if (this.#closed) throw new Error('server is shutting down')
    const room = await this.#room(roomId)
    clearTimeout(this.#idleTimers.get(roomId))
    this.#idleTimers.delete(roomId)
    room.connections.set(connection, new Set())
    connection.send(encodeSyncStep1(room.doc))
    const states = [...room.awareness.getStates().keys()]
    if (states.length > 0) connection.send(encodeAwareness(room.awareness, states))
    return room
  }

  /**
   * Handles one binary message. A malformed or forbidden one, and any error while handling
   * it (now or in the promise it starts), closes that connection only, with the reason logged.
   */
  receive(room: Room, connection: Connection, data: Uint8Array): void {
    this.#messages.receive(room, connection, data)
  }

  /** Removes `connection`; the room unloads after `idleMs` if nobody else is there. */
  leave(room: Room, connection: Connection): void {
    const controlled = room.connections.get(connection)
    if (!room.connections.delete(connection)) return
    if (controlled && controlled.size > 0) {
      for (const client of controlled) room.awarenessOwners.delete(client)
      awarenessProtocol.removeAwarenessStates(room.awareness, [...controlled], null)
    }
    if (room.connections.size === 0 && !this.#closed) this.#scheduleUnload(room)
  }

  /**
   * Takes a room out of memory without storing anything more (its session is being deleted):
   * every connection is closed with `code` and `reason`, changes still queued are discarded,
   * and the call resolves once nothing of the room can reach storage any more.
   */
  async drop(roomId: string, code: number, reason: string): Promise<void> {
    clearTimeout(this.#idleTimers.get(roomId))
    this.#idleTimers.delete(roomId)
    const pending = this.#rooms.get(roomId)
    this.#rooms.delete(roomId)
    this.#loaded.delete(roomId)
    const room = pending ? await pending.catch(() => null) : null
    if (room && !room.failed) {
      // A failed room refuses every queued change, so nothing after this point is stored.
      room.failed = true
      for (const connection of [...room.connections.keys()]) connection.close(code, reason)
      room.connections.clear()
      await room.settled()
      await this.#runUnloadHooks(room)
      room.destroy()
    }
    await this.#unloading.get(roomId)
  }

  /** Closes every connection, stores and unloads every room. */
  async close(): Promise<void> {
    this.#closed = true
    for (const timer of this.#idleTimers.values()) clearTimeout(timer)
    this.#idleTimers.clear()
    const rooms = await Promise.allSettled([...this.#rooms.values()])
    await Promise.all(
      rooms.map(async (result) => {
        if (result.status !== 'fulfilled') return
        for (const connection of [...result.value.connections.keys()]) {
          connection.close(CloseCode.goingAway, 'server shutting down')
        }
        await this.#unload(result.value)
      }),
    )
    await Promise.all(this.#unloading.values())
  }

  #room(roomId: string): Promise<Room> {
    let room = this.#rooms.get(roomId)
    if (!room) {
      room = this.#load(roomId)
      this.#rooms.set(roomId, room)
      room.catch(() => this.#rooms.delete(roomId))
    }
    return room
  }

  async #load(roomId: string): Promise<Room> {
    await this.#unloading.get(roomId)
    const room = new Room(roomId)
    for (const extension of this.#options.extensions) await extension.onLoad?.(room)
    // Not the document's `update` event: with a listener there, Yjs encodes every transaction's
    // update again, while `changeOf` mostly has the bytes that came in (see there).
    room.doc.on('afterTransactionCleanup', (transaction: Y.Transaction) => {
      const update = room.changeOf(transaction)
      if (update) this.#changed(room, update, transaction.origin)
    })
    room.awareness.on('update', (changes: AwarenessChanges, origin: unknown) =>
      this.#awarenessChanged(room, changes, origin),
    )
    for (const extension of this.#options.extensions) await extension.onReady?.(room)
    this.#loaded.set(roomId, room)
    return room
  }

  #changed(room: Room, update: Uint8Array, origin: unknown): void {
    const connection = room.connections.has(origin as Connection) ? (origin as Connection) : null
    const remote = origin instanceof RemoteOrigin ? origin : null
    const change: RoomChange = { update, origin: connection, at: Date.now(), remote: remote !== null }
    if (remote?.seq !== undefined) change.seq = remote.seq
    if (!room.failed) for (const extension of this.#acceptHooks) extension.onAccept?.(room, change)
    room
      .enqueue(() => {
        if (room.failed) throw new Error('room failed earlier')
        return this.#relay(room, change, connection, 0)
      })
      .catch((error: unknown) => this.#fail(room, error))
  }

  /**
   * Runs the change hooks from the `from`-th on, then relays the change. Plain calls as long
   * as no hook has to wait: a promise (and a turn of the microtask queue) only where one does,
   * since every update of every room passes through here.
   */
  #relay(
    room: Room,
    change: RoomChange,
    connection: Connection | null,
    from: number,
  ): Promise<void> | undefined {
    const hooks = this.#changeHooks
    for (let index = from; index < hooks.length; index++) {
      const stored = hooks[index]?.onChange?.(room, change)
      if (stored) return stored.then(() => this.#relay(room, change, connection, index + 1))
    }
    room.broadcast(encodeUpdate(change.update), connection)
    return undefined
  }

  #awarenessChanged(room: Room, changes: AwarenessChanges, origin: unknown): void {
    const changed = [...changes.added, ...changes.updated, ...changes.removed]
    const controlled = room.connections.get(origin as Connection)
    if (controlled) {
      // An id this connection was allowed to speak for (see admitAwareness) is its own now.
      for (const id of [...changes.added, ...changes.updated]) {
        controlled.add(id)
        room.awarenessOwners.set(id, origin as Connection)
      }
      for (const id of changes.removed) {
        controlled.delete(id)
        room.awarenessOwners.delete(id)
      }
    }
    room.broadcast(encodeAwareness(room.awareness, changed))
    const local = origin === null || controlled !== undefined
    for (const extension of this.#options.extensions) {
      extension.onAwarenessChange?.(room, { clients: changed, local })
    }
  }

  /**
   * A change could not be stored: nothing more is relayed, every client is disconnected
   * (their providers reconnect and resend what they hold) and the room reloads from storage.
   */
  #fail(room: Room, error: unknown): void {
    if (room.failed) return
    room.failed = true
    this.#options.logger.error({ room: room.id, err: String(error) }, 'store failed; room closed')
    this.#rooms.delete(room.id)
    this.#loaded.delete(room.id)
    for (const connection of [...room.connections.keys()]) {
      connection.close(CloseCode.internalError, 'storage failed; reconnecting')
    }
    room.connections.clear()
    void this.#runUnloadHooks(room).finally(() => room.destroy())
  }

  /** The unload hooks, for a room leaving memory without being stored (dropped or failed). */
  async #runUnloadHooks(room: Room): Promise<void> {
    for (const extension of this.#options.extensions) {
      await extension.onUnload?.(room).catch((error: unknown) => {
        this.#options.logger.error({ room: room.id, err: String(error) }, 'unload hook failed')
      })
    }
  }

  #scheduleUnload(room: Room): void {
    clearTimeout(this.#idleTimers.get(room.id))
    const timer = setTimeout(() => {
      this.#idleTimers.delete(room.id)
      if (room.connections.size === 0) void this.#unload(room)
    }, this.#options.idleMs)
    timer.unref()
    this.#idleTimers.set(room.id, timer)
  }

  async #unload(room: Room): Promise<void> {
    if (room.failed) return
    this.#rooms.delete(room.id)
    this.#loaded.delete(room.id)
    const done = (async () => {
      try {
        await room.settled()
        for (const extension of this.#options.extensions) await extension.onStore?.(room)
        for (const extension of this.#options.extensions) await extension.onUnload?.(room)
      } catch (error) {
        this.#options.logger.error({ room: room.id, err: String(error) }, 'unload failed')
      } finally {
        room.destroy()
      }
    })()
    this.#unloading.set(room.id, done)
    await done
    if (this.#unloading.get(room.id) === done) this.#unloading.delete(room.id)
  }
}

interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}
