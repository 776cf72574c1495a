/**
 * What a calculator's registry entry says about how the calculator panel treats it, beyond its
 * fields and outputs: how preset menus fill inputs whose names alone do not say, the roofline
 * chart's point, the Memory tab's bar, and the panel's own defaults. Data and pure functions;
 * the client reads them (presetFill.ts, rooflineChart.ts, memoryParts.ts, panelCalculators.ts).
 */

/** How the model and link presets fill this calculator, where a field's name is ambiguous. */
export interface PresetFill {
  /**
   * Which parameter count fills `params`: a per-token calculator wants a mixture-of-experts
   * model's active parameters; anything else its total.
   */
  params?: 'active' | 'total'
  /**
   * Whether a link preset fills `latency` (Little's law has a latency too, a request's), and
   * with what: one hop, or NCCL's fixed start-up for a ring collective.
   */
  latency?: 'hop' | 'ncclRing'
}

/** A point on a roofline chart: arithmetic intensity (FLOP/byte) and attained FLOP/s. */
export interface RooflinePoint {
  intensity: number
  flops: number
}

/**
 * The roofline chart of a calculator. The roofs are drawn for any calculator with `peakFlops`
 * and `memBandwidth` inputs; an entry with a chart also places its own calculation on them.
 */
export interface ChartInfo {
  /** What the point is called in the chart's legend, e.g. 'decode step'. */
  pointLabel: string
  /** The point, from the values typed and the result; undefined until both are known. */
  point(
    values: Readonly<Record<string, unknown>>,
    result: Readonly<Record<string, unknown>> | null,
  ): RooflinePoint | undefined
}

/** The part of the Memory tab's bar a calculator gives. */
export interface MemoryBarPart {
  /** Stable key of the part. */
  key: string
  label: string
  /** The output that holds the part's bytes. */
  figure: string
}

/** A default the panel uses instead of the API's, and why (appended to the field's description). */
export interface PanelDefault {
  value: number
  why: string
}

/** Everything an entry may say for the panel; every member optional. */
export interface PanelInfo {
  presetFill?: PresetFill
  chart?: ChartInfo
  memoryBar?: MemoryBarPart
  /** Panel defaults by field name. */
  panelDefaults?: Readonly<Record<string, PanelDefault>>
}

const positive = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null)

/** Roofline: the intensity typed, at the FLOP/s attained. */
export const typedIntensityPoint: ChartInfo['point'] = (values, result) => {
  const intensity = positive(values.intensity)
  const flops = positive(result?.attainableFlops)
  return intensity && flops ? { intensity, flops } : undefined
}

/**
 * Decode step: the FLOPs of the step (2 · params · batch) over the bytes it streams, at the
 * step's ideal speed. The roofline is the ideal bound, so the point sits on it; the step at the
 * stated bandwidth efficiency is in the figures beside the chart.
 */
export const decodeStepPoint: ChartInfo['point'] = (values, result) => {
  const params = positive(values.params)
  const batch = positive(values.batch)
  const bytes =
    (positive(values.weightBytes) ?? 0) + (typeof values.kvBytes === 'number' ? values.kvBytes : 0)
  const seconds = positive(result?.idealSeconds) ?? positive(result?.seconds)
  if (!params || !batch || bytes <= 0 || !seconds) return undefined
  const flop = 2 * params * batch
  return { intensity: flop / bytes, flops: flop / seconds }
}
