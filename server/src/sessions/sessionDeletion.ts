import type { Principal } from '../rooms/room.ts'
import { AuthError, type RoomExtension, type RoomLifecycle } from '../rooms/roomLifecycle.ts'
import type { Storage } from '../storage/storage.ts'
import type { SessionService } from './sessionService.ts'

/**
 * Owns deleting a session, here and as another process reports it: open connections are
 * closed first, the session's room refuses clients from then on (so a browser still open on
 * it cannot bring its board back as a scratch board of the same id), then storage forgets it.
 * The set of deleted ids is this object's alone.
 */
export class SessionDeletion {
  readonly #storage: Storage
  readonly #sessions: SessionService
  readonly #deleted = new Set<string>()
  readonly #listeners = new Set<(sessionId: string) => void>()
  #lifecycle: RoomLifecycle | undefined

  constructor(options: { storage: Storage; sessions: SessionService }) {
    this.#storage = options.storage
    this.#sessions = options.sessions
    options.sessions.onChange((change) => {
      // Deleted on another process: its board here goes too.
      if (change.remote && change.deleted) void this.#closeRoom(change.sessionId)
    })
  }

  /** Refuses board clients of deleted sessions; goes first among the room extensions. */
  readonly extension: RoomExtension = {
    onAuthenticate: async ({ roomId }): Promise<Principal | undefined> => {
      if (this.#deleted.has(roomId)) throw new AuthError(410, 'This session was deleted.')
      return undefined
    },
  }

  /** The rooms whose connections a delete closes (the lifecycle is built after its extensions). */
  attach(lifecycle: RoomLifecycle): void {
    this.#lifecycle = lifecycle
  }

  /** Tells `listener` of every session deleted by this process (to drop what it caches of it). */
  onDelete(listener: (sessionId: string) => void): void {
    this.#listeners.add(listener)
  }

  /**
   * Deletes a session and everything of it (document, tokens, events, notes, scores, board
   * log, snapshot, checkpoints). Whether the caller may is the caller's business.
   */
  async delete(sessionId: string): Promise<void> {
    for (const listener of this.#listeners) listener(sessionId)
    this.#sessions.forget(sessionId)
    await this.#closeRoom(sessionId)
    await this.#storage.deleteSession(sessionId)
    // A connection that came in meanwhile may have cached it again: drop that too.
    this.#sessions.forget(sessionId)
  }

  async #closeRoom(sessionId: string): Promise<void> {
    this.#deleted.add(sessionId)
    await this.#lifecycle?.drop(sessionId, 4404, 'this session was deleted')
  }
}
