import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { CalcInputError } from './errors.ts'
import { flag, LIMITS, quantity, withDefault } from './fields.ts'
import { parseInput } from './validate.ts'

/** Training compute: total FLOPs, wall-clock time, and model FLOPs utilization. */

const gpus = () =>
  quantity({
    label: 'GPUs',
    description: 'Accelerators working on the job',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  })
const flops = () =>
  quantity({
    label: 'FLOPs',
    description: 'Total floating-point operations',
    unit: 'FLOP',
    max: LIMITS.flops,
  })

/** Input of {@link trainingFlops}. */
export const trainingFlopsInput = z.strictObject({
  params: quantity({
    label: 'Parameters',
    description: 'Model parameters N (active ones for MoE)',
    unit: 'parameters',
    max: LIMITS.params,
  }),
  tokens: quantity({
    label: 'Training tokens',
    description: 'Tokens seen in training D',
    unit: 'tokens',
    max: LIMITS.tokens,
  }),
  recompute: withDefault(
    flag({
      label: 'Full recomputation',
      description: 'Activations recomputed in the backward pass (one extra forward)',
    }),
    false,
  ),
})
export type TrainingFlopsInput = z.input<typeof trainingFlopsInput>

/**
 * Training compute: 6·N·D (2 FLOPs per parameter per token forward, 4 backward), or 8·N·D with
 * full activation recomputation, which repeats the forward pass (Narayanan et al. 2021,
 * Megatron-LM, §5.1). Attention-score FLOPs are ignored, as in those estimates.
 *
 * @example trainingFlops({ params: 175e9, tokens: 3.7e12 }).flops // 3.885e24 (Chinchilla Table 3: 3.85e24)
 */
export function trainingFlops(input: TrainingFlopsInput): CalcResult<{ flops: number }> {
  const v = parseInput('trainingFlops', trainingFlopsInput, input)
  const d = new Derivation('trainingFlops')
  const perParamToken = v.recompute ? 8 : 6
  const result = d.step(
    v.recompute ? 'Training FLOPs with full recomputation' : 'Training FLOPs',
    `flops = ${perParamToken} · params · tokens`,
    v,
    perParamToken * v.params * v.tokens,
    'FLOP',
  )
  return d.finish({ flops: result })
}

/** Input of {@link trainingTime}. */
export const trainingTimeInput = z.strictObject({
  flops: flops(),
  gpus: gpus(),
  flopsPerGpu: quantity({
    label: 'Achieved FLOP/s per GPU',
    description: 'Sustained throughput per GPU (peak × MFU), not the datasheet peak',
    unit: 'FLOP/s',
    max: LIMITS.flopRate,
  }),
})
export type TrainingTimeInput = z.input<typeof trainingTimeInput>

/**
 * Wall-clock time: flops / (gpus · flopsPerGpu), with flopsPerGpu the achieved rate.
 *
 * @example trainingTime({ flops: 4.2e23, gpus: 1024, flopsPerGpu: 140e12 }).seconds / 86400
 * // ≈ 33.9 days: GPT-3 on 300B tokens, Narayanan et al. 2021 ("34 days")
 */
export function trainingTime(input: TrainingTimeInput): CalcResult<{ seconds: number }> {
  const v = parseInput('trainingTime', trainingTimeInput, input)
  const d = new Derivation('trainingTime')
  const clusterFlops = d.step(
    'Cluster throughput',
    'clusterFlops = gpus · flopsPerGpu',
    v,
    v.gpus * v.flopsPerGpu,
    'FLOP/s',
  )
  const seconds = d.step(
    'Training time',
    'seconds = flops / clusterFlops',
    { ...v, clusterFlops },
    v.flops / clusterFlops,
    's',
  )
  return d.finish({ seconds })
}

/** Input of {@link utilization}. */
export const utilizationInput = z.strictObject({
  flops: flops(),
  gpus: gpus(),
  seconds: quantity({
    label: 'Wall-clock time',
    description: 'Time the run took',
    unit: 's',
    max: LIMITS.seconds,
  }),
  peakFlopsPerGpu: quantity({
    label: 'Peak FLOP/s per GPU',
    description: 'Datasheet dense peak at the training precision',
    unit: 'FLOP/s',
    max: LIMITS.flopRate,
  }),
})
export type UtilizationInput = z.input<typeof utilizationInput>

/**
 * Model FLOPs utilization: mfu = flops / (seconds · gpus · peakFlopsPerGpu). Pass model FLOPs
 * (6·N·D) for MFU; pass 8·N·D with recomputation to get hardware FLOPs utilization instead.
 * Throws on the `seconds` field if the result exceeds 1, since no run beats the peak.
 *
 * @example utilization({ flops: 3.6e24, gpus: 3072, seconds: 84 * 86400, peakFlopsPerGpu: 312e12 }).mfu
 * // ≈ 0.52: Megatron-LM's 1T-parameter run (Narayanan et al. 2021)
 */
export function utilization(input: UtilizationInput): CalcResult<{ mfu: number }> {
  const v = parseInput('utilization', utilizationInput, input)
  const d = new Derivation('utilization')
  const achieved = d.step(
    'Achieved cluster FLOP/s',
    'achieved = flops / seconds',
    v,
    v.flops / v.seconds,
    'FLOP/s',
  )
  const peak = d.step(
    'Peak cluster FLOP/s',
    'peak = gpus · peakFlopsPerGpu',
    v,
    v.gpus * v.peakFlopsPerGpu,
    'FLOP/s',
  )
  const mfu = d.step(
    'Model FLOPs utilization',
    'mfu = achieved / peak',
    { achieved, peak },
    achieved / peak,
    'ratio',
  )
  if (mfu > 1) {
    throw new CalcInputError(
      'utilization',
      'seconds',
      `utilization: seconds is too short: it implies ${(mfu * 100).toFixed(0)}% of peak, above 100%`,
    )
  }
  return d.finish({ mfu })
}
