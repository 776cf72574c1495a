import { calculatorById } from '@roofline/shared/calc'

/**
 * Geometry of the roofline chart (Williams, Waterman & Patterson 2009): attainable FLOP/s
 * against arithmetic intensity on log-log axes, the sloped memory roof meeting the flat
 * compute roof at the ridge point, and the workload's point under it. Pure numbers here; the
 * SVG is drawn by RooflineChart.tsx.
 */

/** What the chart shows, in SI units. */
export interface RooflineChartInput {
  /** Compute roof, FLOP/s. */
  peakFlops: number
  /** Memory roof slope, bytes/s. */
  memBandwidth: number
  /** The workload, if known: its intensity (FLOP/byte) and the FLOP/s it attains. */
  point?: { intensity: number; flops: number } | undefined
}

/** A tick on an axis: where it sits in the SVG and its label. */
export interface Tick {
  at: number
  label: string
}

/** Everything the SVG needs, in pixels. */
export interface RooflineChartPlan {
  width: number
  height: number
  plot: { left: number; top: number; right: number; bottom: number }
  xTicks: Tick[]
  yTicks: Tick[]
  /** SVG path of the roof. */
  roof: string
  ridge: { x: number; y: number; intensity: number }
  /** The workload's point and which roof is above it. */
  point: { x: number; y: number; bound: 'memory' | 'compute' } | null
  /** Where the bandwidth label sits along the slope. */
  slopeLabel: { x: number; y: number; angle: number }
}

const MARGIN = { left: 40, right: 16, top: 12, bottom: 30 }

/**
 * Lays out the chart: whole decades on both axes, wide enough for the ridge and the point.
 *
 * @example planRooflineChart({ peakFlops: 989e12, memBandwidth: 3.35e12 }).ridge.intensity // ≈ 295
 */
export function planRooflineChart(
  input: RooflineChartInput,
  size: { width: number; height: number } = { width: 328, height: 210 },
): RooflineChartPlan {
  const { peakFlops, memBandwidth, point } = input
  const ridge = peakFlops / memBandwidth
  const intensities = [ridge / 100, ridge * 10, ...(point ? [point.intensity / 3, point.intensity * 3] : [])]
  let xMin = 10 ** Math.floor(Math.log10(Math.min(...intensities)))
  let xMax = 10 ** Math.ceil(Math.log10(Math.max(...intensities)))
  // At most 8 decades: a point further out is drawn at the edge rather than squashing the roof.
  if (Math.log10(xMax / xMin) > 8) {
    xMin = 10 ** Math.floor(Math.log10(ridge / 1e4))
    xMax = 10 ** Math.ceil(Math.log10(ridge * 1e4))
  }
  const yMax = 10 ** Math.ceil(Math.log10(peakFlops * 1.5))
  const flopsLow = Math.min(memBandwidth * xMin, point ? point.flops / 3 : Number.POSITIVE_INFINITY)
  const yMin = Math.max(10 ** Math.floor(Math.log10(flopsLow)), yMax / 1e8)

  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    right: size.width - MARGIN.right,
    bottom: size.height - MARGIN.bottom,
  }
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))
  const x = (intensity: number) =>
    plot.left +
    (clamp(Math.log10(intensity / xMin), 0, Math.log10(xMax / xMin)) / Math.log10(xMax / xMin)) *
      (plot.right - plot.left)
  const y = (flops: number) =>
    plot.bottom -
    (clamp(Math.log10(flops / yMin), 0, Math.log10(yMax / yMin)) / Math.log10(yMax / yMin)) *
      (plot.bottom - plot.top)

  // The memory roof enters the plot where bandwidth × intensity reaches the bottom axis.
  const start = Math.max(xMin, yMin / memBandwidth)
  const roof = [
    `M ${round(x(start))} ${round(y(memBandwidth * start))}`,
    `L ${round(x(ridge))} ${round(y(peakFlops))}`,
    `L ${round(x(xMax))} ${round(y(peakFlops))}`,
  ].join(' ')
  const mid = Math.sqrt(start * ridge)
  const angle = (Math.atan2(y(peakFlops) - y(memBandwidth * start), x(ridge) - x(start)) * 180) / Math.PI

  return {
    width: size.width,
    height: size.height,
    plot,
    xTicks: decades(xMin, xMax).map((v) => ({ at: round(x(v)), label: compactNumber(v) })),
    yTicks: decades(yMin, yMax)
      .filter((_, i, all) => all.length <= 6 || i % 2 === (all.length - 1) % 2)
      .map((v) => ({ at: round(y(v)), label: compactNumber(v) })),
    roof,
    ridge: { x: round(x(ridge)), y: round(y(peakFlops)), intensity: ridge },
    point: point
      ? {
          x: round(x(point.intensity)),
          y: round(y(point.flops)),
          bound: point.intensity < ridge ? 'memory' : 'compute',
        }
      : null,
    slopeLabel: { x: round(x(mid)), y: round(y(memBandwidth * mid)), angle: round(angle) },
  }
}

function decades(lo: number, hi: number): number[] {
  const out: number[] = []
  for (let e = Math.round(Math.log10(lo)); e <= Math.round(Math.log10(hi)); e++) out.push(10 ** e)
  return out
}

const round = (v: number) => Math.round(v * 10) / 10

const PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z'] as const

/**
 * A decade as an axis label: 0.1, 1, 10, 100, 1k, 10k … 1P.
 *
 * @example compactNumber(1e15) // '1P'
 */
export function compactNumber(v: number): string {
  if (v < 1000) return String(Number(v.toPrecision(3)))
  const power = Math.min(Math.floor(Math.log10(v) / 3 + 1e-9), PREFIXES.length - 1)
  return `${Number((v / 1000 ** power).toPrecision(3))}${PREFIXES[power]}`
}

/**
 * The roofline of a calculation, when it has one: the roofs from its peak FLOP/s and memory
 * bandwidth inputs, and its point as its registry entry's `chart` places it (roofline: the
 * intensity typed and the FLOP/s attained; decode step: the FLOPs of the step over the bytes
 * it streams, at the step's speed).
 *
 * @example rooflineOfCalculation('roofline', { peakFlops: 989e12, memBandwidth: 3.35e12, intensity: 10 }, { attainableFlops: 3.35e13 })
 * // { peakFlops: 989e12, memBandwidth: 3.35e12, point: { intensity: 10, flops: 3.35e13 } }
 */
export function rooflineOfCalculation(
  calculatorId: string,
  values: Readonly<Record<string, unknown>>,
  result: Readonly<Record<string, unknown>> | null,
): RooflineChartInput | null {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null)
  const peakFlops = num(values.peakFlops)
  const memBandwidth = num(values.memBandwidth)
  if (peakFlops === null || memBandwidth === null) return null
  const point = calculatorById(calculatorId)?.chart?.point(values, result)
  return point ? { peakFlops, memBandwidth, point } : { peakFlops, memBandwidth }
}
