import type { FastifyInstance } from 'fastify'
import type { RoomExtension } from '../rooms/roomLifecycle.ts'

/** Lags kept between two reads; older ones are overwritten (a read covers the latest this many). */
const CAPACITY = 1 << 16

/** What one read of the probe answers, in milliseconds. */
export interface DurabilityLagSummary {
  /** Changes committed since the previous read. */
  count: number
  p50Ms: number | null
  p95Ms: number | null
  p99Ms: number | null
  maxMs: number | null
}

/**
 * Measures durability lag: from the moment the server accepted a board update (the room
 * document emitted it) to the moment its persistence hook resolved, i.e. the update is
 * committed to storage. Enabled by `ROOFLINE_DURABILITY_PROBE` for the benchmark only; when
 * it is off, nothing of it is in the update path.
 *
 * It is a room extension placed right after persistence: extensions run one after another
 * for each change, so its `onChange` runs exactly when persistence's has finished. The start
 * is the change's `at` (whole milliseconds of `Date.now()`), so a lag reads up to 1 ms high.
 */
export class DurabilityProbe {
  readonly #lags = new Float64Array(CAPACITY)
  #count = 0

  /** The extension to list right after persistence. */
  readonly extension: RoomExtension = {
    // Synchronous: it only takes a reading, so the change is relayed in the same tick.
    onChange: (_room, change) => {
      // A change another process stored (Redis fan-out) was not committed here.
      if ('remote' in change && change.remote) return
      this.#lags[this.#count % CAPACITY] = performance.timeOrigin + performance.now() - change.at
      this.#count++
      return undefined
    },
  }

  /** Summarises the lags recorded since the previous read, and starts a new window. */
  read(): DurabilityLagSummary {
    const kept = this.#lags.slice(0, Math.min(this.#count, CAPACITY)).sort()
    const count = this.#count
    this.#count = 0
    const at = (p: number) =>
      kept.length === 0 ? null : (kept[Math.min(kept.length - 1, Math.ceil(p * kept.length) - 1)] ?? null)
    return { count, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: at(1) }
  }
}

/**
 * `GET /api/debug/durability`: the probe's summary since the previous request (each read
 * starts a new window). Registered only when the probe is enabled.
 */
export function registerDurabilityRoute(app: FastifyInstance, probe: DurabilityProbe): void {
  app.get('/api/debug/durability', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send(probe.read()),
  )
}
