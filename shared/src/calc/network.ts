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
  latency: latency('Fixed start-up cost of the collective'),
})
export type CollectiveTimeInput = z.input<typeof collectiveTimeInput>

/**
 * Time for a collective under NCCL's bus-bandwidth convention: busbw = algbw · busFactor, so
 * seconds = latency + bytes · busFactor / busBandwidth, with busFactor 2(n−1)/n for allReduce,
 * (n−1)/n for allGather, reduceScatter and allToAll, and 1 for broadcast. A single rank moves
 * nothing, so every factor is 0 there.
 *
 * @example collectiveTime({ op: 'allReduce', bytes: 1e9, ranks: 8, busBandwidth: 360e9 })
 * // busFactor 1.75, seconds ≈ 0.00486
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
  const seconds = d.step(
    `${v.op} time`,
    'seconds = latency + bytes · busFactor / busBandwidth',
    { ...v, busFactor },
    v.latency + (v.bytes * busFactor) / v.busBandwidth,
    's',
  )
  return d.finish({ seconds, busFactor })
}
