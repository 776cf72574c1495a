import { type SessionData, sessionDataSchema } from '@roofline/shared/session'
import { SessionError } from '../sessionError.ts'
import type { Storage } from '../storage/storage.ts'
import { SharedTemplates } from './sharedTemplates.ts'

/** A session as this process holds it in its cache. */
export interface LiveSession {
  id: string
  createdAt: number
  data: SessionData
  /** The stored version `data` was read at: a save succeeds only over this one. */
  version: number
  /** Serialises updates, so two at the same instant never interleave their read-modify-write. */
  queue: Promise<unknown>
  /** Control connections of this process to the session; at zero the session leaves the cache. */
  holders: number
}

/** What an update's step answers: a refusal (`ok: false`), or the next state to save. */
export type UpdateStep = { ok: false; error: string } | { ok: true; state: SessionData }

/** How long a session that no control connection holds stays cached after it was loaded. */
const UNHELD_CACHE_MS = 30_000
/** Read-modify-write rounds an update gets when other processes keep saving the session first. */
const MAX_SAVE_ATTEMPTS = 5

/**
 * The sessions' stored state and this process's cache of it. Storage is the authority: with
 * several server processes another one may have changed a session a moment ago, so every
 * update re-reads it, and saves only over the version it read (compare-and-set), retrying on
 * a fresh read when another writer saved first. A session stays cached while a control
 * connection of this process holds it (`hold`), or a short while after an unheld read.
 */
export class SessionStore {
  readonly #storage: Storage
  readonly #live = new Map<string, Promise<LiveSession | null>>()
  /** Sessions of one template hold one copy of it (see `SharedTemplates`). */
  readonly #templates = new SharedTemplates()

  constructor(storage: Storage) {
    this.#storage = storage
  }

  /** Number of sessions cached in memory. */
  get cachedCount(): number {
    return this.#live.size
  }

  /** The session (cached or loaded), or null when there is none. */
  get(id: string): Promise<LiveSession | null> {
    let live = this.#live.get(id)
    if (!live) {
      live = this.#load(id)
      // Unknown ids are not cached: a flood of made-up ids must not fill memory.
      const loaded = live
      void live.then((found) => {
        if (!found) this.#live.delete(id)
      })
      this.#live.set(id, live)
      // Loaded for a board connection or an HTTP request and never held: it goes a while later.
      setTimeout(() => this.#evictIfIdle(id, loaded), UNHELD_CACHE_MS).unref()
    }
    return live
  }

  /** The session, or SessionError 404. */
  async require(id: string): Promise<LiveSession> {
    const session = await this.get(id)
    if (!session) throw new SessionError(404, 'There is no such session.')
    return session
  }

  /**
   * Keeps the session cached while a control connection of this process is open to it; call
   * the returned function when it closes. The last one out evicts it (once its queued updates ran).
   */
  async hold(id: string): Promise<() => void> {
    const live = this.get(id)
    const session = await live
    if (!session) return () => {}
    session.holders++
    let released = false
    return () => {
      if (released) return
      released = true
      session.holders--
      this.#evictIfIdle(id, live)
    }
  }

  /** Drops the cached copy of a deleted session. */
  forget(id: string): void {
    this.#live.delete(id)
  }

  /** Re-reads a cached session from storage, after any update queued for it (another process changed it). */
  async refresh(id: string): Promise<void> {
    const session = await this.#live.get(id)
    if (!session) return
    const refresh = session.queue.then(() => this.#reload(session))
    session.queue = refresh.catch(() => {})
    await refresh
  }

  /**
   * Runs one update of session `id`: reads the stored state, lets `step` decide, and saves its
   * state over the version read; when another writer saved first, reads again and asks `step`
   * again, up to a few times. A `step` that answers the state it was given saves nothing.
   * Then `after` runs, exactly once, with the step that won (never for a refusal).
   *
   * Why the retry is safe: `step` must be pure (it only computes), and nothing that cannot be
   * taken back happens before the save succeeds; everything else a command does (its events,
   * notes, scores, tokens) happens in `after`. So a lost race throws away nothing but a
   * computation, and the effects of a command never run twice or over a state that was not saved.
   */
  async update<S extends UpdateStep, T>(
    id: string,
    step: (data: SessionData) => S,
    after: (won: Extract<S, { ok: true }>) => Promise<T>,
  ): Promise<T | { ok: false; error: string }> {
    const session = await this.require(id)
    const run = session.queue.then(async () => {
      for (let attempt = 1; ; attempt++) {
        await this.#reload(session)
        const result = step(session.data)
        if (!result.ok) return { ok: false as const, error: result.error }
        if (await this.#save(session, result.state)) return after(result as Extract<S, { ok: true }>)
        if (attempt === MAX_SAVE_ATTEMPTS) {
          return { ok: false as const, error: 'The session is busy with other changes; try again.' }
        }
      }
    })
    session.queue = run.catch(() => {})
    return run
  }

  /** Saves `state` over the version `session` was read at; false when another writer saved first. */
  async #save(session: LiveSession, state: SessionData): Promise<boolean> {
    if (state === session.data) return true
    const stored = { id: session.id, createdAt: session.createdAt, data: state }
    if (!(await this.#storage.saveSession(stored, session.version))) return false
    session.data = state
    session.version += 1
    return true
  }

  /** Drops the cached session if no connection holds it, once its queued updates ran. */
  #evictIfIdle(id: string, live: Promise<LiveSession | null>): void {
    void live.then(
      (session) => {
        if (!session || session.holders > 0) return
        const queued = session.queue
        void queued.then(() => {
          // Only if nothing was queued or held since, and the entry is still this one.
          if (session.holders === 0 && session.queue === queued && this.#live.get(id) === live) {
            this.#live.delete(id)
          }
        })
      },
      () => {
        // A load that failed (storage down) is not kept: the next request tries again.
        if (this.#live.get(id) === live) this.#live.delete(id)
      },
    )
  }

  async #load(id: string): Promise<LiveSession | null> {
    const stored = await this.#storage.loadSession(id)
    if (!stored) return null
    return {
      id,
      createdAt: stored.createdAt,
      data: this.#parse(stored.data),
      version: stored.version,
      queue: Promise.resolve(),
      holders: 0,
    }
  }

  /** Re-reads the stored session into `session` (another process may have changed it). */
  async #reload(session: LiveSession): Promise<void> {
    const stored = await this.#storage.loadSession(session.id)
    if (!stored) throw new SessionError(404, 'There is no such session.')
    // Every change of a stored session bumps its version (compare-and-set in `saveSession`), so
    // at the version held the data is what was parsed already. Checking it again (schema, the
    // template's problems) allocated a few hundred kB per update, garbage that lingered in the old
    // space until the next full GC (bench fan-out-voice, 200 rooms: RSS with voice ~3.5 MB lower).
    if (stored.version === session.version) return
    session.data = this.#parse(stored.data)
    session.version = stored.version
  }

  /** A stored session's data, checked, with its template shared with the sessions holding the same. */
  #parse(stored: unknown): SessionData {
    const data = sessionDataSchema.parse(stored)
    return { ...data, template: this.#templates.share(data.template) }
  }
}
