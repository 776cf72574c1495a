import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { CalcInputError } from './errors.ts'
import { choice, flag, LIMITS, optional, quantity, withDefault } from './fields.ts'
import { HOUR } from './units.ts'
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

/** Input of {@link pipelineBubble}. */
export const pipelineBubbleInput = z.strictObject({
  stages: quantity({
    label: 'Pipeline stages',
    description: 'Pipeline-parallel degree (p)',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  microbatches: quantity({
    label: 'Micro-batches',
    description: 'Micro-batches per batch per pipeline (m)',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  interleave: withDefault(
    quantity({
      label: 'Interleaved chunks',
      description: 'Model chunks per stage in the interleaved schedule (v); 1 for plain 1F1B',
      unit: 'count',
      integer: true,
      max: LIMITS.count,
    }),
    1,
  ),
  stepSeconds: optional(
    quantity({
      label: 'Compute time per step',
      description:
        "One step's forward and backward compute on a stage, without the bubble (the ideal time the fraction is of)",
      unit: 's',
      max: LIMITS.seconds,
    }),
  ),
})
export type PipelineBubbleInput = z.input<typeof pipelineBubbleInput>

/**
 * Pipeline bubble of the 1F1B schedule (Narayanan et al. 2021, "Efficient Large-Scale Language
 * Model Training on GPU Clusters Using Megatron-LM", §2.2): idle time over ideal compute time is
 * (p − 1)/m, and the interleaved schedule with v model chunks per stage cuts it to (p − 1)/(v·m).
 * It is relative to the ideal time, so it can exceed 1 when m < p − 1. Given that ideal time
 * (`stepSeconds`, a profile's forward and backward compute), `bubbleSeconds` is the idle time it
 * adds to each step; without it there is no `bubbleSeconds` figure.
 *
 * @example pipelineBubble({ stages: 8, microbatches: 64 }).bubbleFraction // 0.109
 * @example pipelineBubble({ stages: 4, microbatches: 16, stepSeconds: 4.1 }).bubbleSeconds // 0.769
 */
export function pipelineBubble(
  input: PipelineBubbleInput,
): CalcResult<{ bubbleFraction: number; bubbleSeconds?: number }> {
  const v = parseInput('pipelineBubble', pipelineBubbleInput, input)
  const d = new Derivation('pipelineBubble')
  const bubbleFraction = d.step(
    'Bubble time over ideal compute time',
    'bubbleFraction = (stages - 1) / (interleave · microbatches)',
    v,
    (v.stages - 1) / (v.interleave * v.microbatches),
    'ratio',
  )
  if (v.stepSeconds === undefined) return d.finish({ bubbleFraction })
  const bubbleSeconds = d.step(
    'Idle time the bubble adds to a step',
    'bubbleSeconds = bubbleFraction · stepSeconds',
    { bubbleFraction, stepSeconds: v.stepSeconds },
    bubbleFraction * v.stepSeconds,
    's',
  )
  return d.finish({ bubbleFraction, bubbleSeconds })
}

/** Input of {@link chinchillaOptimal}. */
export const chinchillaOptimalInput = z.strictObject({
  flops: flops(),
  tokensPerParam: withDefault(
    quantity({
      label: 'Tokens per parameter',
      description: 'Compute-optimal D/N (Chinchilla: about 20)',
      unit: 'count',
      max: 1e6,
    }),
    20,
  ),
})
export type ChinchillaOptimalInput = z.input<typeof chinchillaOptimalInput>

/**
 * Compute-optimal model and data size for a training budget (Hoffmann et al. 2022, "Training
 * Compute-Optimal Large Language Models"): with C = 6·N·D and D ≈ 20·N, C = 120·N², so
 * params = √(C / (6·20)) and tokens = 20·params.
 *
 * @example chinchillaOptimal({ flops: 5.76e23 }) // params ≈ 69.3e9, tokens ≈ 1.39e12 (Chinchilla: 70B, 1.4T)
 */
export function chinchillaOptimal(
  input: ChinchillaOptimalInput,
): CalcResult<{ params: number; tokens: number }> {
  const v = parseInput('chinchillaOptimal', chinchillaOptimalInput, input)
  const d = new Derivation('chinchillaOptimal')
  const params = d.step(
    'Compute-optimal parameters (C = 6·N·D, D = tokensPerParam·N)',
    'params = sqrt(flops / (6 · tokensPerParam))',
    v,
    Math.sqrt(v.flops / (6 * v.tokensPerParam)),
    'parameters',
  )
  const tokens = d.step(
    'Compute-optimal training tokens',
    'tokens = tokensPerParam · params',
    { ...v, params },
    v.tokensPerParam * params,
    'tokens',
  )
  return d.finish({ params, tokens })
}

/** Input of {@link trainingCost}. */
export const trainingCostInput = z.strictObject({
  gpuHours: quantity({
    label: 'GPU-hours',
    description: 'Total GPU-hours of the run (DeepSeek-V3: 2.788M H800-hours)',
    unit: 'count',
    max: LIMITS.seconds / 3600,
  }),
  gpuHourPrice: quantity({
    label: 'Price per GPU-hour',
    description: 'Rental cost of one GPU for one hour',
    unit: '$/hour',
    max: 1e6,
  }),
  gpus: gpus(),
})
export type TrainingCostInput = z.input<typeof trainingCostInput>

/**
 * Cost of a run from its GPU-hours: cost = gpuHours · gpuHourPrice, and its wall-clock time
 * gpuHours / gpus.
 *
 * @example trainingCost({ gpuHours: 2.788e6, gpuHourPrice: 2, gpus: 2048 })
 * // cost $5.576M, ≈ 56.7 days: DeepSeek-V3 technical report, Table 1
 */
export function trainingCost(input: TrainingCostInput): CalcResult<{ cost: number; seconds: number }> {
  const v = parseInput('trainingCost', trainingCostInput, input)
  const d = new Derivation('trainingCost')
  const cost = d.step('Run cost', 'cost = gpuHours · gpuHourPrice', v, v.gpuHours * v.gpuHourPrice, '$')
  const seconds = d.step(
    'Wall-clock time',
    'seconds = gpuHours · 3600 / gpus',
    v,
    (v.gpuHours * HOUR) / v.gpus,
    's',
  )
  return d.finish({ cost, seconds })
}

const width = (label: string, description: string) =>
  quantity({ label, description, unit: 'count', integer: true, max: LIMITS.dimension })

/** Input of {@link loraParams}. */
export const loraParamsInput = z.strictObject({
  layers: quantity({
    label: 'Layers',
    description: 'Transformer blocks that get adapters',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  hiddenSize: width('Hidden size', 'Model width (d_model)'),
  kvDim: width('KV width', 'KV heads × head dimension (the hidden size without grouped-query attention)'),
  ffnSize: width('MLP width', 'Intermediate size of the MLP'),
  rank: width('Rank', 'LoRA rank r (8 to 64 is usual)'),
  target: withDefault(
    choice(['all', 'attention', 'qv'], {
      label: 'Adapted matrices',
      description:
        'all: attention and MLP projections (QLoRA); attention: Q, K, V, O; qv: Q and V (the LoRA paper)',
    }),
    'all',
  ),
  mlpMatrices: withDefault(
    quantity({
      label: 'MLP matrices',
      description: '3 for a gated MLP (Llama: gate, up, down), 2 for a plain one',
      unit: 'count',
      integer: true,
      min: 2,
      max: 3,
    }),
    3,
  ),
})
export type LoraParamsInput = z.input<typeof loraParamsInput>

/** Per-layer adapter formulas by target: each adapted d_in × d_out matrix adds r·(d_in + d_out). */
const LORA_PER_LAYER: Record<
  'all' | 'attention' | 'qv',
  {
    formula: string
    params: (v: {
      hiddenSize: number
      kvDim: number
      ffnSize: number
      rank: number
      mlpMatrices: number
    }) => number
  }
> = {
  qv: {
    formula: 'perLayer = rank · (2 · hiddenSize + (hiddenSize + kvDim))',
    params: ({ hiddenSize: h, kvDim: kv, rank: r }) => r * (2 * h + (h + kv)),
  },
  attention: {
    formula: 'perLayer = rank · (2 · 2 · hiddenSize + 2 · (hiddenSize + kvDim))',
    params: ({ hiddenSize: h, kvDim: kv, rank: r }) => r * (4 * h + 2 * (h + kv)),
  },
  all: {
    formula:
      'perLayer = rank · (2 · 2 · hiddenSize + 2 · (hiddenSize + kvDim) + mlpMatrices · (hiddenSize + ffnSize))',
    params: ({ hiddenSize: h, kvDim: kv, ffnSize: f, rank: r, mlpMatrices: m }) =>
      r * (4 * h + 2 * (h + kv) + m * (h + f)),
  },
}

/**
 * Trainable parameters LoRA adds (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language
 * Models", §4.1): each adapted weight W ∈ R^(d_in × d_out) gets B ∈ R^(d_in × r) and
 * A ∈ R^(r × d_out), r·(d_in + d_out) parameters. Q and O are hidden × hidden, K and V
 * hidden × kvDim, each MLP matrix hidden × ffnSize. QLoRA (Dettmers et al. 2023, §4) adapts every
 * linear layer, which is what matches full fine-tuning; the LoRA paper adapted only Q and V.
 *
 * @example loraParams({ layers: 80, hiddenSize: 8192, kvDim: 1024, ffnSize: 28672, rank: 16 }).params
 * // 207,093,760: Llama 3 70B, rank 16 on all projections
 */
export function loraParams(input: LoraParamsInput): CalcResult<{ paramsPerLayer: number; params: number }> {
  const v = parseInput('loraParams', loraParamsInput, input)
  const d = new Derivation('loraParams')
  const rule = LORA_PER_LAYER[v.target]
  const paramsPerLayer = d.step(
    `Adapter parameters per layer (${v.target})`,
    rule.formula,
    v,
    rule.params(v),
    'parameters',
  )
  const params = d.step(
    'Adapter parameters',
    'params = layers · perLayer',
    { layers: v.layers, perLayer: paramsPerLayer },
    v.layers * paramsPerLayer,
    'parameters',
  )
  return d.finish({ paramsPerLayer, params })
}
