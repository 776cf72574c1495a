/**
 * How a GPU's HBM is spent: weights, KV cache and activations against its capacity, for the
 * bar in the Memory tab. Pure numbers; MemoryBar.tsx draws them.
 */

/** One consumer of memory; `bytes` is null while its calculator has no result. */
export interface MemoryPart {
  key: string
  label: string
  bytes: number | null
}

/** The bar: each part's share, what is free, and what does not fit. */
export interface MemoryBreakdown {
  capacity: number
  used: number
  free: number
  /** Bytes beyond the capacity (0 when it fits). */
  over: number
  /** GPUs of this capacity the total would need at least (ignoring per-GPU overheads). */
  gpusNeeded: number
  /** Parts with a figure, each with its share of the bar (the bar spans max(capacity, used)). */
  segments: Array<MemoryPart & { bytes: number; share: number }>
  /** Share of the bar that is free memory. */
  freeShare: number
  /** Share of the bar where the capacity ends (1 when it fits). */
  capacityShare: number
}

/**
 * Adds up the parts against `capacity` bytes.
 *
 * @example memoryBreakdown([{ key: 'weights', label: 'Weights', bytes: 60e9 }], 80e9).free // 20e9
 */
export function memoryBreakdown(parts: readonly MemoryPart[], capacity: number): MemoryBreakdown {
  const known = parts.filter((p): p is MemoryPart & { bytes: number } => p.bytes !== null && p.bytes > 0)
  const used = known.reduce((sum, p) => sum + p.bytes, 0)
  const span = Math.max(capacity, used)
  return {
    capacity,
    used,
    free: Math.max(0, capacity - used),
    over: Math.max(0, used - capacity),
    gpusNeeded: Math.max(1, Math.ceil(used / capacity)),
    segments: known.map((p) => ({ ...p, share: p.bytes / span })),
    freeShare: Math.max(0, capacity - used) / span,
    capacityShare: capacity / span,
  }
}
