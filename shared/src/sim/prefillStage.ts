import type { PoolStats } from './metrics.ts'
import { ReplicaSet } from './replicaSet.ts'
import { Deque } from './requests.ts'
import { busy, firstToken, type RunContext, type Stage } from './runContext.ts'
import type { Scenario, ServingPool } from './scenario.ts'

/**
 * The prefill pool: each replica prefills one prompt at a time at its FLOP-bound speed (batching
 * prompts does not raise a compute-bound rate), first come first served; the router picks the
 * replica, and a prefix the replica served recently is a cache hit it does not recompute.
 * Produces the first token, then hands the request on (to the KV link or straight to decode).
 *
 * A FIFO server's start times follow from its arrivals alone (start = max(arrival, free at)), so
 * a request costs one event, its finish; a replica's load for the router is when it will be free.
 */
export class PrefillStage implements Stage {
  readonly set: ReplicaSet
  /** Requests routed to each replica and not finished, in order (the head is in service). */
  private readonly lines: Deque[]
  private readonly freeAt: Float64Array
  /** Requests that found no replica alive (every one lost): they wait here for good. */
  private readonly orphans = new Deque()
  private readonly ctx: RunContext
  private readonly kind: number
  private readonly next: (r: number, t: number) => void

  constructor(
    ctx: RunContext,
    specs: readonly ServingPool[],
    scenario: Scenario,
    kind: number,
    next: (r: number, t: number) => void,
  ) {
    this.ctx = ctx
    this.kind = kind
    this.next = next
    // Spill from the prefix's replica once its backlog is a second longer than twice the least's.
    this.set = new ReplicaSet(specs, scenario.router, 1)
    this.lines = Array.from({ length: this.set.n }, () => new Deque())
    this.freeAt = new Float64Array(this.set.n)
  }

  get pools() {
    return this.set.pools
  }

  enter(r: number, t: number): void {
    const { reqs } = this.ctx
    const set = this.set
    const i = set.router.pick(reqs.group[r] as number, t)
    if (i < 0) {
      this.orphans.push(r)
      return
    }
    const stats = set.statsOf(i)
    stats.enter(t)
    reqs.entered[r] = t
    const prompt = reqs.prompt[r] as number
    const hit = set.prefixes.touch(i, reqs.group[r] as number)
    const cached = hit ? Math.floor(prompt * this.ctx.sharedPrefix) : 0
    const seconds = set.speedOf(i).prefillSeconds(prompt, cached)
    const free = this.freeAt[i] as number
    const start = Math.max(free, t)
    stats.start(start - t)
    busy(this.ctx, stats, start, seconds)
    const done = start + seconds
    this.freeAt[i] = done
    set.loads.set(i, done)
    ;(this.lines[i] as Deque).push(r)
    this.ctx.events.push(done, this.kind, i, r)
  }

  handle(i: number, r: number, t: number): void {
    const line = this.lines[i] as Deque
    // A lost replica's requests were routed again; its pending finishes are stale.
    if (!this.set.alive[i] || line.length === 0 || line.peek() !== r) return
    line.shift()
    const reqs = this.ctx.reqs
    this.set.statsOf(i).leave(t, t - (reqs.entered[r] as number))
    firstToken(this.ctx, r, t)
    reqs.generated[r] = Math.max(reqs.generated[r] as number, 1)
    this.next(r, t)
  }

  queued(pool: number): number {
    let n = pool === 0 ? this.orphans.length : 0
    for (let i = 0; i < this.set.n; i++)
      if (this.set.poolOf[i] === pool) n += Math.max(0, (this.lines[i] as Deque).length - 1)
    return n
  }

  /** Takes `count` replicas of pool k away at t: their prompts go back through the router. */
  lose(k: number, count: number, t: number): void {
    const stats = this.set.pools[k] as PoolStats
    for (const i of this.set.lose(k, count)) {
      const moved: number[] = []
      ;(this.lines[i] as Deque).drain((r) => moved.push(r))
      for (const r of moved) {
        stats.drop(t)
        this.enter(r, t)
      }
    }
  }
}
