/**
 * What a run measures, kept cheap enough for millions of requests: latency histograms per time
 * bucket (log-spaced bins, so percentiles are read to about ±4%; means are exact sums), and per
 * pool the time-integrated number inside (for L in Little's law), arrivals, waits and sojourns.
 */

/**
 * Bins: each octave (power of two) of seconds from 2⁻¹⁷ s (7.6 µs) to 2¹⁷ s (36 h) is cut into
 * 16 equal parts, read straight off the float's exponent and top mantissa bits (no logarithm
 * per sample): a bin is at most 6.25% wide, so a percentile read at its middle is within ~3%.
 */
const SUB = 16
const LOW_OCTAVE = -17
const OCTAVES = 34
export const BINS = OCTAVES * SUB
const scratch = new Float64Array(1)
const scratchBits = new Uint32Array(scratch.buffer)
/** Index of the high 32 bits of a float64 in `scratchBits` (little- or big-endian hosts). */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0

function binOf(seconds: number): number {
  scratch[0] = seconds
  const high = scratchBits[HIGH] as number
  const octave = ((high >>> 20) & 0x7ff) - 1023 - LOW_OCTAVE
  if (octave < 0 || !(seconds > 0)) return 0
  if (octave >= OCTAVES) return BINS - 1
  return octave * SUB + ((high >>> 16) & 0xf)
}

/** The middle of a bin, the value a percentile read from it is given. */
function binValue(bin: number): number {
  const octave = Math.floor(bin / SUB)
  return 2 ** (octave + LOW_OCTAVE) * (1 + ((bin % SUB) + 0.5) / SUB)
}

/** Latency histograms, one per time bucket, with exact sums for the means. */
export class LatencyHistogram {
  readonly counts: Uint32Array
  sum = 0
  count = 0

  readonly buckets: number

  constructor(buckets: number) {
    this.buckets = buckets
    this.counts = new Uint32Array(buckets * BINS)
  }

  add(bucket: number, seconds: number): void {
    this.counts[bucket * BINS + binOf(seconds)] = (this.counts[bucket * BINS + binOf(seconds)] as number) + 1
    this.sum += seconds
    this.count += 1
  }

  /** The q-quantile of bucket `bucket` (or of the whole run when bucket is -1); NaN when empty. */
  quantile(q: number, bucket = -1): number {
    const from = Math.max(bucket, 0)
    const to = bucket < 0 ? this.buckets : bucket + 1
    let total = 0
    for (let b = from; b < to; b++)
      for (let i = 0; i < BINS; i++) total += this.counts[b * BINS + i] as number
    if (total === 0) return Number.NaN
    const rank = q * total
    let seen = 0
    for (let i = 0; i < BINS; i++) {
      for (let b = from; b < to; b++) seen += this.counts[b * BINS + i] as number
      if (seen >= rank) return binValue(i)
    }
    return binValue(BINS - 1)
  }

  /** One quantile per bucket. */
  series(q: number): Float64Array {
    const out = new Float64Array(this.buckets)
    for (let b = 0; b < this.buckets; b++) out[b] = this.quantile(q, b)
    return out
  }
}

/**
 * One pool's bookkeeping: how many are inside (queued or served) integrated over time, how many
 * arrived, waited, left, and their summed waits and sojourns.
 */
export class PoolStats {
  inside = 0
  queued = 0
  private area = 0
  private last = 0
  arrivals = 0
  departures = 0
  waited = 0
  started = 0
  waitSum = 0
  sojournSum = 0
  busySeconds = 0
  /** Decode steps' seconds weighted by how full their batch was (batch / max batch). */
  batchSeconds = 0
  /** Busy seconds per time bucket (a service or step counted in the bucket it starts in). */
  busySeries = new Float64Array(0)
  /** Waiting requests at each bucket's end. */
  queueSeries = new Float64Array(0)
  /** KV-cache use (share of capacity) at each bucket's end, for pools that decode. */
  kvSeries = new Float64Array(0)
  /** Replicas (or servers) alive at each bucket's end, for the busy share. */
  aliveSeries = new Float64Array(0)
  /** Replica-seconds (or server-seconds) the pool had alive, for the busy share. */
  aliveSeconds = 0
  preemptions = 0
  saturatedAt: number | null = null
  saturatedBy = ''

  /** Advances the integral of `inside` to time t. */
  at(t: number): void {
    this.area += this.inside * (t - this.last)
    this.last = t
  }

  enter(t: number): void {
    this.at(t)
    this.inside += 1
    this.arrivals += 1
  }

  /** A request starts service after waiting `wait` seconds. */
  start(wait: number): void {
    this.started += 1
    if (wait > 0) {
      this.waited += 1
      this.waitSum += wait
    }
  }

  leave(t: number, sojourn: number): void {
    this.at(t)
    this.inside -= 1
    this.departures += 1
    this.sojournSum += sojourn
  }

  /** A request leaves without being served here (moved away when replicas are lost). */
  drop(t: number): void {
    this.at(t)
    this.inside -= 1
  }

  /** Time-average number inside up to t. */
  meanInside(t: number): number {
    this.at(t)
    return t > 0 ? this.area / t : 0
  }
}

/** Per-bucket counters of the whole run. */
export class RunSeries {
  readonly arrivals: Float64Array
  readonly completions: Float64Array
  readonly outputTokens: Float64Array
  readonly preemptions: Float64Array
  readonly buckets: number
  readonly width: number

  constructor(buckets: number, width: number) {
    this.buckets = buckets
    this.width = width
    this.arrivals = new Float64Array(buckets)
    this.completions = new Float64Array(buckets)
    this.outputTokens = new Float64Array(buckets)
    this.preemptions = new Float64Array(buckets)
  }

  bucketOf(t: number): number {
    const b = Math.floor(t / this.width)
    return b >= this.buckets ? this.buckets - 1 : Math.max(b, 0)
  }
}
