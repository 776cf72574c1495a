import type { Storage } from '../storage/storage.ts'
import type { SessionService } from './sessionService.ts'

/**
 * What a service that reads stored sessions is built from (recordings, voice): the store, the
 * sessions (their data and the one link check), and a clock, `Date.now` unless a test gives one.
 */
export interface SessionDeps {
  storage: Storage
  sessions: SessionService
  now?: () => number
}

/** `deps` kept whole, with the clock filled in: what such a service holds. */
export function withClock<Deps extends { now?: () => number }>(deps: Deps): Deps & { now: () => number } {
  return { ...deps, now: deps.now ?? Date.now }
}
