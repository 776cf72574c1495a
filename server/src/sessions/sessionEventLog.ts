import { type StoredSessionEvent, storedSessionEventSchema } from '@roofline/shared/session'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import type { Storage } from '../storage/storage.ts'

/** A recorded session event with the sequence number storage gave it. */
export type LoggedSessionEvent = StoredSessionEvent & { seq: number }

/**
 * The session's event log, typed: every event is checked against the one union of stored
 * kinds on its way in (a wrong one is a bug here, so it throws and nothing is written) and on
 * its way out. An event read back that no longer fits (written by a newer server, or by hand)
 * is left out of what readers get, but never silently: it is logged and counted
 * (`unreadableCount`), so a replay that misses something says so in the server's log.
 */
export class SessionEventLog {
  readonly #storage: Storage
  readonly #logger: Pick<RoomLogger, 'warn'> | undefined
  #unreadable = 0

  constructor(storage: Storage, logger?: Pick<RoomLogger, 'warn'>) {
    this.#storage = storage
    this.#logger = logger
  }

  /** Events read back that fit no stored kind, since this process started. */
  get unreadableCount(): number {
    return this.#unreadable
  }

  /** Appends `event` to the session's log once it checks. */
  async append(sessionId: string, event: StoredSessionEvent): Promise<void> {
    await this.#storage.appendSessionEvent(sessionId, storedSessionEventSchema.parse(event))
  }

  /** The session's events in order, each checked; those that fit no kind are logged, counted and left out. */
  async read(sessionId: string): Promise<LoggedSessionEvent[]> {
    const out: LoggedSessionEvent[] = []
    for (const { seq, ...event } of await this.#storage.readSessionEvents(sessionId)) {
      const parsed = storedSessionEventSchema.safeParse(event)
      if (parsed.success) {
        out.push({ ...parsed.data, seq })
        continue
      }
      this.#unreadable++
      this.#logger?.warn(
        { session: sessionId, seq, type: event.type, issues: parsed.error.issues.length },
        'session event of no known kind left out',
      )
    }
    return out
  }
}
