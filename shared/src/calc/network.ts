import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { choice, LIMITS, quantity, withDefault } from './fields.ts'
import { parseInput } from './validate.ts'

/** Data movement: point-to-point transfers and NCCL-style collectives. */

const bytes = (description: string) =>
  quantity({ label: 'Bytes', description, unit: 'bytes', max: LIMITS.bytes })
const latency = (description: string) =>
  withDefault(quantity({ label: 'Latency', description, unit: 's', min: 0, max: LIMITS.seconds }), 0)

/** Input of {@link transferTime}. */
export const transferTimeInput = z.strictObject({
  bytes: bytes('Bytes to move'),
  bandwidth: quantity({
    label: 'Bandwidth',
    description: 'Link or device bandwidth',
    unit: 'bytes/s',
    max: LIMITS.bandwidth,
  }),
  latency: latency('Fixed start-up cost (propagation, setup)'),
})
export type TransferTimeInput = z.input<typeof transferTimeInput>

/**
 * Time to move data: seconds = latency + bytes / bandwidth (the alpha-beta model).
 *
 * @example transferTime({ bytes: 1e6, bandwidth: 1e9 }).seconds // 0.001: read 1 MB from a ~1 GB/s SSD
 */
export function transferTime(input: TransferTimeInput): CalcResult<{ seconds: number }> {
  const v = parseInput('transferTime', transferTimeInput, input)
  const d = new Derivation('transferTime')
  const seconds = d.step(
    'Transfer time',
    'seconds = latency + bytes / bandwidth',
    v,
    v.latency + v.bytes / v.bandwidth,
    's',
  )
  return d.finish({ seconds })
}

/** The collectives {@link collectiveTime} knows. */
export const COLLECTIVE_OPS = ['allReduce', 'allGather', 'reduceScatter', 'allToAll', 'broadcast'] as const
export type CollectiveOp = (typeof COLLECTIVE_OPS)[number]

/**
 * nccl-tests' bus-bandwidth factors (doc/PERFORMANCE.md): how much data each rank must move
 * relative to the operation's size for a bandwidth-optimal algorithm on n ranks.
 */
const BUS_FACTOR: Record<CollectiveOp, { formula: string; factor: (n: number) => number }> = {
  allReduce: { formula: 'busFactor = 2 · (ranks - 1) / ranks', factor: (n) => (2 * (n - 1)) / n },
  allGather: { formula: 'busFactor = (ranks - 1) / ranks', factor: (n) => (n - 1) / n },
  reduceScatter: { formula: 'busFactor = (ranks - 1) / ranks', factor: (n) => (n - 1) / n },
  allToAll: { formula: 'busFactor = (ranks - 1) / ranks', factor: (n) => (n - 1) / n },
  broadcast: { formula: 'busFactor = 1', factor: () => 1 },
}

/**
 * Latency-bound steps of each collective on a ring of n ranks, as NCCL's tuning model counts them
 * (src/graph/tuning.cc: nsteps = 2(n−1) for allReduce, n−1 for allGather and reduceScatter, n for
 * the rest; n−1 is used here for allToAll, whose peers are all one hop away).
 */
const HOPS: Record<CollectiveOp, { formula: string; hops: (n: number) => number }> = {
  allReduce: { formula: 'hops = 2 · (ranks - 1)', hops: (n) => 2 * (n - 1) },
  allGather: { formula: 'hops = ranks - 1', hops: (n) => n - 1 },
  reduceScatter: { formula: 'hops = ranks - 1', hops: (n) => n - 1 },
  allToAll: { formula: 'hops = ranks - 1', hops: (n) => n - 1 },
  broadcast: { formula: 'hops = ranks', hops: (n) => n },
}

/** Input of {@link collectiveTime}. */
export const collectiveTimeInput = z.strictObject({
  op: choice(COLLECTIVE_OPS, { label: 'Collective', description: 'The NCCL operation' }),
  bytes: bytes(
    'Operation size as nccl-tests counts it: the buffer for allReduce/broadcast; the full gathered (or pre-scatter) buffer for allGather, reduceScatter and allToAll',
  ),
  ranks: quantity({
    label: 'Ranks',
    description: 'GPUs taking part (n)',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  busBandwidth: quantity({
    label: 'Bus bandwidth',
    description: "Achievable per-rank bus bandwidth (nccl-tests 'busbw'), e.g. ~360 GB/s for H100 NVLink",
    unit: 'bytes/s',
    max: LIMITS.bandwidth,
  }),
  latency: latency('Fixed start-up cost of the collective (NCCL ring, LL protocol: ~3.6 µs)'),
  hopLatency: withDefault(
    quantity({
      label: 'Per-hop latency',
      description: 'Latency of each ring step over the link (NVLink ~0.5 µs, PCIe ~1 µs, network ~2.7 µs)',
      unit: 's',
      min: 0,
      max: LIMITS.seconds,
    }),
    0,
  ),
})
export type CollectiveTimeInput = z.input<typeof collectiveTimeInput>

/**
 * Time for a collective under NCCL's bus-bandwidth convention: busbw = algbw · busFactor, so the
 * bandwidth term is bytes · busFactor / busBandwidth, with busFactor 2(n−1)/n for allReduce,
 * (n−1)/n for allGather, reduceScatter and allToAll, and 1 for broadcast. Latency follows NCCL's
 * own tuning model (src/graph/tuning.cc): a fixed start-up `latency` plus `hopLatency` per ring
 * step, so seconds = latency + hops · hopLatency + bytes · busFactor / busBandwidth. Small
 * messages are latency-bound: a 16 KB all-reduce over 8 NVLink GPUs costs ~10 µs, not the 80 ns
 * the bandwidth alone suggests. A single rank moves nothing, so every factor is 0 there.
 *
 * @example collectiveTime({ op: 'allReduce', bytes: 16_384, ranks: 8, busBandwidth: 450e9, latency: 3.6e-6, hopLatency: 0.47e-6 })
 * // hops 14, seconds ≈ 1.02e-5
 */
export function collectiveTime(
  input: CollectiveTimeInput,
): CalcResult<{ seconds: number; busFactor: number }> {
  const v = parseInput('collectiveTime', collectiveTimeInput, input)
  const d = new Derivation('collectiveTime')
  const rule = BUS_FACTOR[v.op]
  const busFactor = d.step(
    `Bus factor for ${v.op}`,
    v.ranks === 1 ? 'busFactor = 0' : rule.formula,
    v,
    v.ranks === 1 ? 0 : rule.factor(v.ranks),
    'ratio',
  )
  const bandwidthSeconds = (v.bytes * busFactor) / v.busBandwidth
  if (v.hopLatency === 0 || v.ranks === 1) {
    const seconds = d.step(
      `${v.op} time`,
      'seconds = latency + bytes · busFactor / busBandwidth',
      { ...v, busFactor },
      v.latency + bandwidthSeconds,
      's',
    )
    return d.finish({ seconds, busFactor })
  }
  const hopRule = HOPS[v.op]
  const hops = d.step(`Ring steps for ${v.op}`, hopRule.formula, v, hopRule.hops(v.ranks), 'count')
  const seconds = d.step(
    `${v.op} time`,
    'seconds = latency + hops · hopLatency + bytes · busFactor / busBandwidth',
    { ...v, hops, busFactor },
    v.latency + hops * v.hopLatency + bandwidthSeconds,
    's',
  )
  return d.finish({ seconds, busFactor })
}
