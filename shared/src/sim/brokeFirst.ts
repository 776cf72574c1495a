import type { Scenario } from './scenario.ts'

/** A pool that saturated: when, and how it showed. */
export interface Saturation {
  pool: string
  label: string
  atSeconds: number
  reason: 'queue growing' | 'KV cache full (preempting)'
}

/** The first time a latency percentile crossed its SLO. */
export interface SloCrossing {
  metric: 'TTFT p99' | 'inter-token p99' | 'end-to-end p99'
  atSeconds: number
  valueSeconds: number
  limitSeconds: number
}

/** What broke first: the first pool to saturate and the first SLO crossed (either may be missing). */
export interface BrokeFirst {
  saturation: Saturation | null
  slo: SloCrossing | null
  /** One line for people: "Decode pool saturated at 62 s (KV cache full); TTFT p99 crossed 2 s at 70 s". */
  line: string
}

/**
 * When a pool's queue saturated: the first bucket end at which its waiting line exceeds two per
 * replica (plus ten) and has grown at each of the last three samples; null when it never did.
 */
export function queueSaturation(queue: Float64Array, replicas: number, width: number): number | null {
  const limit = 2 * replicas + 10
  for (let b = 3; b < queue.length; b++) {
    const q = queue[b] as number
    if (
      q > limit &&
      q > (queue[b - 1] as number) &&
      (queue[b - 1] as number) > (queue[b - 2] as number) &&
      (queue[b - 2] as number) > (queue[b - 3] as number)
    )
      return (b + 1) * width
  }
  return null
}

/** The first bucket whose percentile is above `limit`, as a crossing. */
export function firstCrossing(
  metric: SloCrossing['metric'],
  series: Float64Array,
  limit: number,
  width: number,
): SloCrossing | null {
  for (let b = 0; b < series.length; b++) {
    const v = series[b] as number
    if (v > limit) return { metric, atSeconds: (b + 1) * width, valueSeconds: v, limitSeconds: limit }
  }
  return null
}

const seconds = (s: number) => (s < 1 ? `${Math.round(s * 1000)} ms` : `${Number(s.toPrecision(3))} s`)

/** Puts saturations and SLO crossings together into the "what broke first" record. */
export function brokeFirst(
  saturations: Saturation[],
  crossings: (SloCrossing | null)[],
  scenario: Scenario,
): BrokeFirst {
  const saturation = [...saturations].sort((a, b) => a.atSeconds - b.atSeconds)[0] ?? null
  const slo =
    crossings.filter((c): c is SloCrossing => c !== null).sort((a, b) => a.atSeconds - b.atSeconds)[0] ?? null
  const parts: string[] = []
  if (saturation)
    parts.push(`${saturation.label} saturated at ${seconds(saturation.atSeconds)} (${saturation.reason})`)
  if (slo)
    parts.push(
      `${slo.metric} crossed ${seconds(slo.limitSeconds)} at ${seconds(slo.atSeconds)} (${seconds(slo.valueSeconds)})`,
    )
  const line =
    parts.length > 0
      ? parts.join('; ')
      : `Nothing broke in ${seconds(scenario.seconds)}: no pool saturated and every p99 stayed within its SLO.`
  return { saturation, slo, line }
}
