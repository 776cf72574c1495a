import { PoolStats } from './metrics.ts'
import { Deque } from './requests.ts'
import { busy, type RunContext, type Stage } from './runContext.ts'
import type { QueuePool } from './scenario.ts'

/** A plain queue: `servers` servers, one FIFO line, exponential or fixed service times. */
export class QueueStage implements Stage {
  readonly pools: PoolStats[] = [new PoolStats()]
  private readonly line = new Deque()
  private busy = 0

  private readonly ctx: RunContext
  private readonly pool: QueuePool
  private readonly kind: number
  private readonly next: (r: number, t: number) => void

  constructor(ctx: RunContext, pool: QueuePool, kind: number, next: (r: number, t: number) => void) {
    this.ctx = ctx
    this.pool = pool
    this.kind = kind
    this.next = next
  }

  enter(r: number, t: number): void {
    ;(this.pools[0] as PoolStats).enter(t)
    this.ctx.reqs.entered[r] = t
    if (this.busy < this.pool.servers) this.serve(r, t)
    else this.line.push(r)
  }

  handle(_a: number, r: number, t: number): void {
    const stats = this.pools[0] as PoolStats
    stats.leave(t, t - (this.ctx.reqs.entered[r] as number))
    this.busy -= 1
    if (this.line.length > 0) this.serve(this.line.shift(), t)
    this.next(r, t)
  }

  queued(): number {
    return this.line.length
  }

  private serve(r: number, t: number): void {
    const stats = this.pools[0] as PoolStats
    stats.start(t - (this.ctx.reqs.entered[r] as number))
    this.busy += 1
    const mean = this.pool.meanServiceSeconds
    const seconds = this.pool.service === 'fixed' ? mean : this.ctx.rng.exponential(mean)
    busy(this.ctx, stats, t, seconds)
    this.ctx.events.push(t + seconds, this.kind, 0, r)
  }
}
