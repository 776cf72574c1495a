import { PoolStats } from './metrics.ts'
import { LoadTree } from './router.ts'
import { busy, type RunContext, type Stage } from './runContext.ts'
import type { Scenario } from './scenario.ts'

/**
 * The KV link from prefill to decode: `lanes` transfers at a time (one per prefill replica, or
 * one for a shared pipe), first come first served, each at the link's bandwidth divided by any
 * slowdown in force when it starts, then the link's latency before decode has it. A request's
 * KV is its context × the decode model's bytes per token. As for prefill, a FIFO lane's start
 * follows from when it is free, so a transfer is one event (its delivery).
 */
export class LinkStage implements Stage {
  readonly pools: PoolStats[] = [new PoolStats()]
  /** When each lane is free; the earliest is the next to send. */
  private readonly lanes: LoadTree
  /** Start times of the transfers not yet started, oldest first (FIFO starts never decrease). */
  private readonly starts: number[] = []
  private startsHead = 0
  private readonly ctx: RunContext
  private readonly link: NonNullable<Scenario['link']>
  private readonly bytesPerToken: number
  private readonly kind: number
  private readonly next: (r: number, t: number) => void

  constructor(
    ctx: RunContext,
    link: NonNullable<Scenario['link']>,
    bytesPerToken: number,
    kind: number,
    next: (r: number, t: number) => void,
    lanes: number,
  ) {
    this.ctx = ctx
    this.link = link
    this.bytesPerToken = bytesPerToken
    this.kind = kind
    this.next = next
    this.lanes = new LoadTree(Math.max(1, lanes))
  }

  enter(r: number, t: number): void {
    const reqs = this.ctx.reqs
    const stats = this.pools[0] as PoolStats
    stats.enter(t)
    reqs.entered[r] = t
    const lane = this.lanes.argmin()
    const free = this.lanes.get(lane)
    const start = Math.max(free, t)
    stats.start(start - t)
    const bytes = ((reqs.prompt[r] as number) + (reqs.generated[r] as number)) * this.bytesPerToken
    const seconds = (bytes * this.ctx.linkSlowdown(start)) / this.link.bandwidth
    busy(this.ctx, stats, start, seconds)
    this.lanes.set(lane, start + seconds)
    if (start > t) this.starts.push(start)
    this.ctx.events.push(start + seconds + this.link.latencySeconds, this.kind, 0, r)
  }

  handle(_a: number, r: number, t: number): void {
    ;(this.pools[0] as PoolStats).leave(t, t - (this.ctx.reqs.entered[r] as number))
    this.next(r, t)
  }

  queued(): number {
    const now = this.ctx.events.time
    while (this.startsHead < this.starts.length && (this.starts[this.startsHead] as number) <= now)
      this.startsHead++
    if (this.startsHead > 4096 && this.startsHead * 2 > this.starts.length) {
      this.starts.splice(0, this.startsHead)
      this.startsHead = 0
    }
    return this.starts.length - this.startsHead
  }
}
