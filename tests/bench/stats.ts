/** The p-th percentile (0–100) of `values`, nearest rank; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

/** The median of `values`. */
export function median(values: number[]): number {
  return percentile(values, 50)
}

/** Rounds to `digits` decimals, keeping NaN as null for JSON. */
export function round(value: number, digits = 2): number | null {
  if (!Number.isFinite(value)) return null
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
