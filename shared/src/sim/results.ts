import { type BrokeFirst, brokeFirst, firstCrossing, queueSaturation, type Saturation } from './brokeFirst.ts'
import type { Run } from './run.ts'
import { gpusPerReplica } from './targets.ts'

/** Latency percentiles of the whole run, seconds (NaN when nothing was measured). */
export interface LatencySummary {
  p50: number
  p99: number
  mean: number
}

/** One pool's figures: the queueing quantities of the validation and its time series. */
export interface PoolResult {
  id: string
  label: string
  kind: 'queue' | 'prefill' | 'decode' | 'colocated' | 'link'
  region: string | null
  /** Replicas (servers for a queue, 1 for the link) at the start. */
  replicas: number
  gpus: number
  /** Share of the requests that started service here and waited first. */
  waitProbability: number
  /** Mean wait before service over those that started, seconds. */
  meanWaitSeconds: number
  /** Time-average number inside (waiting or served): L of Little's law. */
  meanInSystem: number
  /** Mean time inside of those that left, seconds: W of Little's law. */
  meanSojournSeconds: number
  /** Arrivals a second: λ of Little's law. */
  arrivalRate: number
  /** Departures a second. */
  throughput: number
  /** Busy share of the replicas (servers) alive: serving, prefilling or stepping. */
  busyShare: number
  /** For pools that decode: the mean batch over the max batch, across the replicas' alive time. */
  batchFill: number | null
  preemptions: number
  saturatedAtSeconds: number | null
  series: { queue: Float64Array; busyShare: Float64Array; kvUse: Float64Array }
}

/** What `simulate` returns. */
export interface SimulationResult {
  seed: number
  seconds: number
  requests: { arrived: number; completed: number }
  pools: PoolResult[]
  ttft: LatencySummary
  interToken: LatencySummary
  endToEnd: LatencySummary
  /** Output tokens a second over the run. */
  tokensPerSecond: number
  /** GPUs of the serving pools at the start, their share of busy time, and what they cost. */
  gpus: number
  gpuBusyShare: number
  dollars: number
  /** Dollars per million output tokens (NaN when none came out). */
  costPerMillionTokens: number
  preemptions: number
  brokeFirst: BrokeFirst
  series: {
    /** End of each bucket, seconds. */
    t: Float64Array
    arrivalsPerSecond: Float64Array
    completionsPerSecond: Float64Array
    tokensPerSecond: Float64Array
    preemptions: Float64Array
    ttftP50: Float64Array
    ttftP99: Float64Array
    interTokenP50: Float64Array
    interTokenP99: Float64Array
    endToEndP50: Float64Array
    endToEndP99: Float64Array
  }
  /** What the run assumed or left out, in words. */
  notes: string[]
}

const perSecond = (values: Float64Array, width: number) => values.map((v) => v / width)

/** Gathers a finished run's figures. */
export function summarize(run: Run, seed: number): SimulationResult {
  const { ctx, scenario } = run
  const T = Math.max(run.endedAt, 1e-9)
  const { series } = ctx
  const width = series.width
  const saturations: Saturation[] = []
  const pools = run.pools.map((p): PoolResult => {
    const s = p.stats
    const aliveSeconds = s.aliveSeries.reduce((sum, n) => sum + n * width, 0)
    const busyShare = s.busySeries.map((b, k) =>
      Math.min(1, b / Math.max(1e-12, (s.aliveSeries[k] as number) * width)),
    )
    const queued = queueSaturation(s.queueSeries, p.capacity, width)
    const preempted = firstPreemption(run, p.stats.preemptions, width)
    const saturatedAt =
      [queued, preempted].filter((x): x is number => x !== null).sort((a, b) => a - b)[0] ?? null
    if (saturatedAt !== null)
      saturations.push({
        pool: p.id,
        label: p.label,
        atSeconds: saturatedAt,
        reason: saturatedAt === queued ? 'queue growing' : 'KV cache full (preempting)',
      })
    const spec = p.spec
    return {
      id: p.id,
      label: p.label,
      kind: p.kind,
      region: p.region,
      replicas: p.capacity,
      gpus: spec && spec.kind !== 'queue' ? spec.replicas * gpusPerReplica(spec) : 0,
      waitProbability: s.started > 0 ? s.waited / s.started : 0,
      meanWaitSeconds: s.started > 0 ? s.waitSum / s.started : 0,
      meanInSystem: s.meanInside(T),
      meanSojournSeconds: s.departures > 0 ? s.sojournSum / s.departures : 0,
      arrivalRate: s.arrivals / T,
      throughput: s.departures / T,
      busyShare: aliveSeconds > 0 ? Math.min(1, s.busySeconds / aliveSeconds) : 0,
      batchFill:
        p.kind === 'decode' || p.kind === 'colocated' ? s.batchSeconds / Math.max(1e-12, aliveSeconds) : null,
      preemptions: s.preemptions,
      saturatedAtSeconds: saturatedAt,
      series: { queue: s.queueSeries, busyShare, kvUse: s.kvSeries },
    }
  })
  const summary = (h: typeof ctx.ttft): LatencySummary => ({
    p50: h.quantile(0.5),
    p99: h.quantile(0.99),
    mean: h.count > 0 ? h.sum / h.count : Number.NaN,
  })
  const tokens = series.outputTokens.reduce((a, b) => a + b, 0)
  const serving = pools.filter((p) => p.gpus > 0)
  const gpus = serving.reduce((sum, p) => sum + p.gpus, 0)
  const dollars = (gpus * scenario.gpuHourPrice * T) / 3600
  const ttftP99 = ctx.ttft.series(0.99)
  const interTokenP99 = ctx.interToken.series(0.99)
  const endToEndP99 = ctx.endToEnd.series(0.99)
  const slo = scenario.slo
  const crossings = [
    firstCrossing('TTFT p99', ttftP99, slo.ttftSeconds, width),
    firstCrossing('inter-token p99', interTokenP99, slo.interTokenSeconds, width),
    slo.endToEndSeconds === undefined
      ? null
      : firstCrossing('end-to-end p99', endToEndP99, slo.endToEndSeconds, width),
  ]
  const notes = [...new Set(run.notes)]
  if (run.stoppedAtBound)
    notes.push(`Arrivals stopped at the bound of ${scenario.maxRequests.toLocaleString('en-US')} requests.`)
  return {
    seed,
    seconds: T,
    requests: { arrived: ctx.reqs.count, completed: ctx.endToEnd.count },
    pools,
    ttft: summary(ctx.ttft),
    interToken: summary(ctx.interToken),
    endToEnd: summary(ctx.endToEnd),
    tokensPerSecond: tokens / T,
    gpus,
    gpuBusyShare: gpus > 0 ? serving.reduce((sum, p) => sum + p.busyShare * p.gpus, 0) / gpus : 0,
    dollars,
    costPerMillionTokens: tokens > 0 ? dollars / (tokens / 1e6) : Number.NaN,
    preemptions: pools.reduce((sum, p) => sum + p.preemptions, 0),
    brokeFirst: brokeFirst(saturations, crossings, scenario),
    series: {
      t: Float64Array.from({ length: series.buckets }, (_, b) => Math.min(T, (b + 1) * width)),
      arrivalsPerSecond: perSecond(series.arrivals, width),
      completionsPerSecond: perSecond(series.completions, width),
      tokensPerSecond: perSecond(series.outputTokens, width),
      preemptions: series.preemptions,
      ttftP50: ctx.ttft.series(0.5),
      ttftP99,
      interTokenP50: ctx.interToken.series(0.5),
      interTokenP99,
      endToEndP50: ctx.endToEnd.series(0.5),
      endToEndP99,
    },
    notes,
  }
}

/** When the run first preempted (any decode pool), if this pool preempted at all. */
function firstPreemption(run: Run, preemptions: number, width: number): number | null {
  if (preemptions === 0) return null
  const at = run.ctx.series.preemptions.findIndex((n) => n > 0)
  return at < 0 ? null : (at + 1) * width
}
