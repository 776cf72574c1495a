import type { EventQueue } from './eventQueue.ts'
import type { LatencyHistogram, PoolStats, RunSeries } from './metrics.ts'
import type { RequestTable } from './requests.ts'
import type { Rng } from './rng.ts'

/** What every stage of a run shares: the clock's events, the requests and the measurements. */
export interface RunContext {
  events: EventQueue
  rng: Rng
  reqs: RequestTable
  series: RunSeries
  ttft: LatencyHistogram
  interToken: LatencyHistogram
  endToEnd: LatencyHistogram
  /** Share of each prompt that is a shared prefix. */
  sharedPrefix: number
  /** Link bandwidth divisor at time t (1 when no slowdown applies). */
  linkSlowdown(t: number): number
}

/** One stage of the path (a queue, the prefill pool, the KV link, the decode pool). */
export interface Stage {
  /** Takes request r at time t. */
  enter(r: number, t: number): void
  /** Handles one of this stage's events. */
  handle(a: number, b: number, t: number): void
  /** Requests waiting (not in service) in pool p of this stage, for the time series. */
  queued(pool: number): number
  /** Pools of this stage, in order, with their statistics. */
  readonly pools: readonly PoolStats[]
}

/** Records a request's first token at t (its TTFT), once. */
export function firstToken(ctx: RunContext, r: number, t: number): void {
  if ((ctx.reqs.firstToken[r] as number) >= 0) return
  ctx.reqs.firstToken[r] = t
  ctx.ttft.add(ctx.series.bucketOf(t), t - (ctx.reqs.arrive[r] as number))
}

/** Records a finished request: end-to-end latency and its mean time per output token after the first. */
export function complete(ctx: RunContext, r: number, t: number): void {
  const reqs = ctx.reqs
  const bucket = ctx.series.bucketOf(t)
  ctx.series.completions[bucket] = (ctx.series.completions[bucket] as number) + 1
  ctx.endToEnd.add(bucket, t - (reqs.arrive[r] as number))
  const first = reqs.firstToken[r] as number
  const out = reqs.output[r] as number
  if (first >= 0 && out > 1) ctx.interToken.add(bucket, (t - first) / (out - 1))
}

/** Counts `seconds` of work starting at t as busy time of a pool, in total and in t's bucket. */
export function busy(ctx: RunContext, stats: PoolStats, t: number, seconds: number): void {
  stats.busySeconds += seconds
  stats.busySeries[ctx.series.bucketOf(t)] = (stats.busySeries[ctx.series.bucketOf(t)] as number) + seconds
}
