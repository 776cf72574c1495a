import { SIM_CHART_POINTS, type SimChart, type SimFigure, type SimSummary } from '@roofline/shared'
import type { Perturbation, SimulationResult } from '@roofline/shared/sim'
import { formatFigure } from '../calc/formatFigure.ts'

/** Three significant figures (a chart needs no more), null for what was not measured. */
const round = (value: number): number | null => (Number.isFinite(value) ? Number(value.toPrecision(3)) : null)

/** At most SIM_CHART_POINTS values: consecutive samples merged by `merge` (max or mean). */
function thin(values: ArrayLike<number>, merge: 'max' | 'mean'): Array<number | null> {
  const step = Math.max(1, Math.ceil(values.length / SIM_CHART_POINTS))
  const out: Array<number | null> = []
  for (let start = 0; start < values.length; start += step) {
    const part = Array.from(values)
      .slice(start, start + step)
      .filter(Number.isFinite)
    if (part.length === 0) out.push(null)
    else out.push(round(merge === 'max' ? Math.max(...part) : part.reduce((a, b) => a + b, 0) / part.length))
  }
  return out
}

/** The sample end times matching `thin`: the last time of each merged group. */
function thinTimes(t: ArrayLike<number>): number[] {
  const step = Math.max(1, Math.ceil(t.length / SIM_CHART_POINTS))
  const out: number[] = []
  for (let start = 0; start < t.length; start += step)
    out.push(round(t[Math.min(t.length, start + step) - 1] as number) ?? 0)
  return out
}

const scaled = (values: ArrayLike<number>, factor: number) => Array.from(values, (v) => v * factor)

/** The window a perturbation acts in, for the charts' band (a one-off event is a thin band). */
export function perturbationWindow(p: Perturbation | undefined, seconds: number): [number, number] | null {
  if (!p) return null
  if ('at' in p) return [p.at, Math.min(seconds, p.at + seconds / 120)]
  return [p.from, Math.min(seconds, p.to ?? seconds)]
}

/**
 * Compacts a finished run for the room: latencies in ms (in s past 5 s), per-pool queue, KV
 * use and busy share, tokens/s; percentiles merge by max (a spike stays visible), rates by mean.
 */
export function summarizeRun(
  result: SimulationResult,
  options: { slo: { ttftSeconds: number; interTokenSeconds: number }; window: [number, number] | null },
): SimSummary {
  const { series } = result
  const t = thinTimes(series.t)
  const chart = (
    title: string,
    unit: string,
    lines: Array<{ label: string; values: Array<number | null> }>,
    limit: number | null = null,
  ): SimChart => ({ title, unit, t, lines: lines.slice(0, 6), limit, window: options.window })
  /** A latency chart in ms, or in s once its p99 passes 5 s (a "50k ms" axis reads badly). */
  const latency = (
    title: string,
    label: string,
    p50: Float64Array,
    p99: Float64Array,
    slo: number | null,
  ) => {
    const peak = Math.max(0, ...Array.from(p99).filter(Number.isFinite))
    const [unit, factor] = peak > 5 ? ['s', 1] : ['ms', 1000]
    return chart(
      title,
      unit,
      [
        { label: `${label} p50`, values: thin(scaled(p50, factor), 'max') },
        { label: `${label} p99`, values: thin(scaled(p99, factor), 'max') },
      ],
      slo === null ? null : slo * factor,
    )
  }
  const pools = result.pools.filter((p) => p.kind !== 'link')
  const decoders = pools.filter((p) => p.kind === 'decode' || p.kind === 'colocated')
  const perPool = (
    pick: (p: (typeof pools)[number]) => Float64Array,
    factor: number,
    merge: 'max' | 'mean',
  ) => pools.map((p) => ({ label: p.label.slice(0, 60), values: thin(scaled(pick(p), factor), merge) }))
  const charts: SimChart[] = [
    latency('TTFT', 'TTFT', series.ttftP50, series.ttftP99, options.slo.ttftSeconds),
    latency(
      'Inter-token latency',
      'ITL',
      series.interTokenP50,
      series.interTokenP99,
      options.slo.interTokenSeconds,
    ),
    latency('End to end', 'E2E', series.endToEndP50, series.endToEndP99, null),
    chart(
      'Queue length',
      'requests',
      perPool((p) => p.series.queue, 1, 'max'),
    ),
    chart(
      'KV-cache use',
      '%',
      decoders.map((p) => ({
        label: p.label.slice(0, 60),
        values: thin(scaled(p.series.kvUse, 100), 'max'),
      })),
    ),
    chart(
      'GPU busy',
      '%',
      perPool((p) => p.series.busyShare, 100, 'mean'),
    ),
    chart('Output tokens/s', 'tok/s', [{ label: 'tokens/s', values: thin(series.tokensPerSecond, 'mean') }]),
  ]
  const seconds = (s: number) => formatFigure(s, 's')
  const figures: SimFigure[] = [
    { label: 'TTFT p50 / p99', text: `${seconds(result.ttft.p50)} / ${seconds(result.ttft.p99)}` },
    {
      label: 'Inter-token p50 / p99',
      text: `${seconds(result.interToken.p50)} / ${seconds(result.interToken.p99)}`,
    },
    {
      label: 'End to end p50 / p99',
      text: `${seconds(result.endToEnd.p50)} / ${seconds(result.endToEnd.p99)}`,
    },
    { label: 'Output tokens/s', text: formatFigure(result.tokensPerSecond, null) },
    { label: 'GPU busy', text: formatFigure(result.gpuBusyShare, 'ratio') },
    { label: 'Cost', text: formatFigure(result.costPerMillionTokens, '$/1M tokens') },
    { label: 'Preemptions', text: formatFigure(result.preemptions, 'count') },
    {
      label: 'Requests done',
      text: `${formatFigure(result.requests.completed, 'count')} of ${formatFigure(result.requests.arrived, 'count')}`,
    },
  ]
  return {
    brokeFirst: result.brokeFirst.line.slice(0, 400),
    broke: result.brokeFirst.saturation !== null || result.brokeFirst.slo !== null,
    figures: figures.map((f) => ({ label: f.label, text: f.text.slice(0, 60) })),
    charts,
    notes: result.notes.slice(0, 8).map((n) => n.slice(0, 300)),
  }
}
