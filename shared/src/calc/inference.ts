import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, optional, quantity, withDefault } from './fields.ts'
import { activeParamsField, attentionDimField, layersField, peakFlopsField } from './modelFields.ts'
import { parseInput } from './validate.ts'

/** Inference speed: one decode step, prefill, and the batch where decode turns compute-bound. */

const peakFlops = () => peakFlopsField()
const memBandwidth = () =>
  quantity({
    label: 'Memory bandwidth',
    description: 'HBM bandwidth of the GPUs serving the model',
    unit: 'bytes/s',
    max: LIMITS.bandwidth,
  })
const params = activeParamsField

/** Input of {@link decodeStep}. */
export const decodeStepInput = z.strictObject({
  params: params(),
  weightBytes: quantity({
    label: 'Weight bytes',
    description: 'Weight bytes read each step',
    unit: 'bytes',
    max: LIMITS.bytes,
  }),
  kvBytes: quantity({
    label: 'KV bytes',
    description: 'KV cache read in one step, summed over the whole batch',
    unit: 'bytes',
    min: 0,
    max: LIMITS.bytes,
  }),
  batch: quantity({
    label: 'Batch',
    description: 'Sequences decoded together',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  memBandwidth: memBandwidth(),
  peakFlops: peakFlops(),
  memoryEfficiency: withDefault(
    quantity({
      label: 'Bandwidth efficiency',
      description: 'Achieved fraction of peak memory bandwidth (1 = ideal bound; ~0.7 is typical)',
      unit: 'ratio',
      max: 1,
    }),
    1,
  ),
  tokens: optional(
    quantity({
      label: 'Tokens to generate',
      description: 'Tokens each sequence generates, one per step (e.g. a completion’s length)',
      unit: 'tokens',
      max: LIMITS.tokens,
    }),
  ),
})
export type DecodeStepInput = z.input<typeof decodeStepInput>

/**
 * One decode step (one new token for each of `batch` sequences), the roofline model of Pope et
 * al. 2022 and kipply's "Transformer Inference Arithmetic": the step must stream the weights and
 * the batch's KV cache from memory, and do 2·params FLOPs per sequence.
 * memorySeconds = (weightBytes + kvBytes) / (memBandwidth · memoryEfficiency);
 * computeSeconds = 2·params·batch / peakFlops; seconds = max of the two (loads and math overlap);
 * tokensPerSecond = batch / seconds, of which each sequence (each user's stream) gets
 * streamTokensPerSecond = 1 / seconds. `idealSeconds` is the same bound at 100% of peak bandwidth,
 * so a panel can show both. Real decode kernels reach roughly 70% of peak HBM bandwidth, which is
 * what interview rubrics assume. Attention-score FLOPs and communication are ignored. For several
 * GPUs, pass their summed bandwidth and FLOP/s; for mixture-of-experts, pass the weight bytes a
 * step actually reads (see {@link moeWeightBytesRead}). Given `tokens`, `generationSeconds` is
 * tokens · seconds, the time to generate them at the stated efficiency, taking every step to cost
 * the same (pass the KV bytes of the mean context); without it there is no such figure.
 *
 * @example decodeStep({ params: 51.5e9, weightBytes: 103e9, kvBytes: 0, batch: 1, memBandwidth: 1.5e12, peakFlops: 312e12 })
 * // seconds ≈ 0.069, bound 'memory': kipply's 52B model on one A100
 * // and with tokens: 15, generationSeconds ≈ 1.03 (15 steps of 69 ms)
 */
export function decodeStep(input: DecodeStepInput): CalcResult<{
  memorySeconds: number
  computeSeconds: number
  seconds: number
  tokensPerSecond: number
  streamTokensPerSecond: number
  idealSeconds: number
  idealTokensPerSecond: number
  memoryEfficiency: number
  bound: 'memory' | 'compute'
  generationSeconds?: number
}> {
  const v = parseInput('decodeStep', decodeStepInput, input)
  const d = new Derivation('decodeStep')
  const idealMemorySeconds = d.step(
    'Time to stream weights and KV cache at peak bandwidth (ideal)',
    'idealMemorySeconds = (weightBytes + kvBytes) / memBandwidth',
    v,
    (v.weightBytes + v.kvBytes) / v.memBandwidth,
    's',
  )
  const memorySeconds =
    v.memoryEfficiency === 1
      ? idealMemorySeconds
      : d.step(
          'Time to stream them at the stated bandwidth efficiency',
          'memorySeconds = idealMemorySeconds / memoryEfficiency',
          { idealMemorySeconds, memoryEfficiency: v.memoryEfficiency },
          idealMemorySeconds / v.memoryEfficiency,
          's',
        )
  const computeSeconds = d.step(
    'Time for the matmuls',
    'computeSeconds = 2 · params · batch / peakFlops',
    v,
    (2 * v.params * v.batch) / v.peakFlops,
    's',
  )
  const seconds = d.step(
    'Step time (the slower of the two)',
    'seconds = max(memorySeconds, computeSeconds)',
    { memorySeconds, computeSeconds },
    Math.max(memorySeconds, computeSeconds),
    's',
  )
  const tokensPerSecond = d.step(
    'Generated tokens per second',
    'tokensPerSecond = batch / seconds',
    { batch: v.batch, seconds },
    v.batch / seconds,
    'tokens/s',
  )
  const streamTokensPerSecond = d.step(
    'Tokens per second each sequence sees',
    'streamTokensPerSecond = 1 / seconds',
    { seconds },
    1 / seconds,
    'tokens/s',
  )
  const idealSeconds = Math.max(idealMemorySeconds, computeSeconds)
  const idealTokensPerSecond = v.batch / idealSeconds
  if (v.memoryEfficiency !== 1) {
    d.step(
      'Ideal step time (100% of peak bandwidth)',
      'idealSeconds = max(idealMemorySeconds, computeSeconds)',
      { idealMemorySeconds, computeSeconds },
      idealSeconds,
      's',
    )
  }
  const bound: 'memory' | 'compute' = computeSeconds > memorySeconds ? 'compute' : 'memory'
  const figures = {
    memorySeconds,
    computeSeconds,
    seconds,
    tokensPerSecond,
    streamTokensPerSecond,
    idealSeconds,
    idealTokensPerSecond,
    memoryEfficiency: v.memoryEfficiency,
    bound,
  }
  if (v.tokens === undefined) return d.finish(figures)
  const generationSeconds = d.step(
    'Time to generate the tokens, one step each',
    'generationSeconds = tokens · seconds',
    { tokens: v.tokens, seconds },
    v.tokens * seconds,
    's',
  )
  return d.finish({ ...figures, generationSeconds })
}

/** Input of {@link prefillTime}. */
export const prefillTimeInput = z
  .strictObject({
    params: params(),
    tokens: quantity({
      label: 'Prompt tokens',
      description: 'Tokens processed in the prefill',
      unit: 'tokens',
      max: LIMITS.tokens,
    }),
    peakFlops: peakFlops(),
    mfu: withDefault(
      quantity({
        label: 'MFU',
        description: 'Fraction of peak achieved (1 = ideal lower bound)',
        unit: 'ratio',
        max: 1,
      }),
      1,
    ),
    layers: optional(
      layersField('Transformer blocks; with the attention width, adds the attention-score FLOPs'),
    ),
    attentionDim: optional(attentionDimField()),
  })
  .superRefine((v, ctx) => {
    // Attention FLOPs need both; one without the other is a half-filled form, not a choice.
    if ((v.layers === undefined) !== (v.attentionDim === undefined)) {
      const missing = v.layers === undefined ? 'layers' : 'attentionDim'
      const given = v.layers === undefined ? 'attentionDim' : 'layers'
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: `is needed with ${given} to count attention FLOPs (or clear both)`,
      })
    }
  })
export type PrefillTimeInput = z.input<typeof prefillTimeInput>

/**
 * Prompt processing (prefill) time, which is compute-bound for all but tiny prompts.
 * Linear layers: 2·params·tokens FLOPs. With `layers` and `attentionDim` (query heads × head
 * dim) it adds the attention-score FLOPs, counted as in Chinchilla (Hoffmann et al. 2022)
 * Appendix F: per layer, the logits QKᵀ take 2·T²·attentionDim and the weighted sum over values
 * another 2·T²·attentionDim, 4·T²·attentionDim in all; a causal mask skips half, leaving
 * attentionFlops = 2·layers·T²·attentionDim. seconds = (flops + attentionFlops) / (peakFlops·mfu).
 * attentionShare = attentionFlops / flops is the part of the prefill that grows with T² (0 when
 * attention is not counted). At 100K tokens attention costs Llama 3 70B about as much as all its
 * linear layers.
 *
 * @example prefillTime({ params: 51.5e9, tokens: 208, peakFlops: 312e12 }).seconds // ≈ 0.069
 */
export function prefillTime(
  input: PrefillTimeInput,
): CalcResult<{ seconds: number; flops: number; attentionFlops: number; attentionShare: number }> {
  const v = parseInput('prefillTime', prefillTimeInput, input)
  const d = new Derivation('prefillTime')
  const linearFlops = d.step(
    'Linear-layer FLOPs',
    'linearFlops = 2 · params · tokens',
    v,
    2 * v.params * v.tokens,
    'FLOP',
  )
  const attentionFlops =
    v.layers === undefined || v.attentionDim === undefined
      ? 0
      : d.step(
          'Causal attention FLOPs (QKᵀ and AV, half masked)',
          'attentionFlops = 2 · layers · tokens² · attentionDim',
          v,
          2 * v.layers * v.tokens ** 2 * v.attentionDim,
          'FLOP',
        )
  const flops =
    attentionFlops === 0
      ? linearFlops
      : d.step(
          'Prefill FLOPs',
          'flops = linearFlops + attentionFlops',
          { linearFlops, attentionFlops },
          linearFlops + attentionFlops,
          'FLOP',
        )
  const seconds = d.step(
    'Prefill time',
    'seconds = flops / (peakFlops · mfu)',
    { ...v, flops },
    flops / (v.peakFlops * v.mfu),
    's',
  )
  const attentionShare =
    attentionFlops === 0
      ? 0
      : d.step(
          'Share of the prefill spent in attention',
          'attentionShare = attentionFlops / flops',
          { attentionFlops, flops },
          attentionFlops / flops,
          'ratio',
        )
  return d.finish({ seconds, flops, attentionFlops, attentionShare })
}

/** Input of {@link criticalBatch}. */
export const criticalBatchInput = z.strictObject({
  peakFlops: peakFlops(),
  memBandwidth: memBandwidth(),
  bytesPerParam: withDefault(
    quantity({
      label: 'Bytes per parameter',
      description: 'Weight precision (2 for bf16, 1 for fp8/int8)',
      unit: 'bytes/parameter',
      max: LIMITS.bytesPerElement,
    }),
    2,
  ),
})
export type CriticalBatchInput = z.input<typeof criticalBatchInput>

/**
 * The decode batch at which weight streaming and matmul time are equal, so larger batches are
 * compute-bound: batch = peakFlops · bytesPerParam / (2 · memBandwidth). Each weight byte read
 * serves 2/bytesPerParam FLOPs per sequence, so the batch must reach the hardware's FLOP:byte
 * ratio times bytesPerParam/2. KV-cache reads are ignored, so real crossovers come later.
 *
 * @example criticalBatch({ peakFlops: 312e12, memBandwidth: 1.5e12 }).batch // 208 (kipply, A100)
 */
export function criticalBatch(input: CriticalBatchInput): CalcResult<{ batch: number }> {
  const v = parseInput('criticalBatch', criticalBatchInput, input)
  const d = new Derivation('criticalBatch')
  const ridge = d.step(
    'Hardware FLOP per byte',
    'ridge = peakFlops / memBandwidth',
    v,
    v.peakFlops / v.memBandwidth,
    'FLOP/byte',
  )
  const batch = d.step(
    'Critical batch',
    'batch = ridge · bytesPerParam / 2',
    { ridge, bytesPerParam: v.bytesPerParam },
    (ridge * v.bytesPerParam) / 2,
    'count',
  )
  return d.finish({ batch })
}

/** Input of {@link speculativeDecoding}. */
export const speculativeDecodingInput = z.strictObject({
  acceptanceRate: quantity({
    label: 'Acceptance rate',
    description: 'Chance the target model accepts a drafted token (α, below 1)',
    unit: 'ratio',
    min: 0,
    // α = 1 would make every draft right forever: the expected-token series has no finite limit.
    below: 1,
    max: 0.999,
  }),
  draftTokens: quantity({
    label: 'Draft tokens',
    description: 'Tokens the draft model proposes per step (γ)',
    unit: 'count',
    integer: true,
    max: 1000,
  }),
  draftCostRatio: quantity({
    label: 'Draft cost ratio',
    description: 'Time of one draft-model step over one target-model step (c)',
    unit: 'ratio',
    min: 0,
    max: 1000,
  }),
})
export type SpeculativeDecodingInput = z.input<typeof speculativeDecodingInput>

/**
 * Speculative decoding (Leviathan, Kalman & Matias, ICML 2023, "Fast Inference from Transformers
 * via Speculative Decoding"). A draft model proposes γ tokens; the target model checks them in
 * one step and keeps each with probability α. Expected tokens per target step (their Eq. 1):
 * tokensPerStep = (1 − α^(γ+1)) / (1 − α). Expected walltime improvement (Theorem 3.8), with c
 * the draft step's cost relative to a target step: speedup = (1 − α^(γ+1)) / ((1 − α)(γ·c + 1)).
 * Assumes the target step costs the same for γ+1 tokens as for one (memory-bound decode).
 *
 * @example speculativeDecoding({ acceptanceRate: 0.8, draftTokens: 5, draftCostRatio: 0.05 })
 * // tokensPerStep ≈ 3.69, speedup ≈ 2.95
 */
export function speculativeDecoding(
  input: SpeculativeDecodingInput,
): CalcResult<{ tokensPerStep: number; speedup: number }> {
  const v = parseInput('speculativeDecoding', speculativeDecodingInput, input)
  const d = new Derivation('speculativeDecoding')
  const a = v.acceptanceRate
  const g = v.draftTokens
  const tokensPerStep = d.step(
    'Expected tokens per target step (Leviathan et al. Eq. 1)',
    'tokensPerStep = (1 - acceptanceRate^(draftTokens + 1)) / (1 - acceptanceRate)',
    v,
    (1 - a ** (g + 1)) / (1 - a),
    'tokens',
  )
  const speedup = d.step(
    'Expected walltime speedup (Theorem 3.8)',
    'speedup = tokensPerStep / (draftTokens · draftCostRatio + 1)',
    { ...v, tokensPerStep },
    tokensPerStep / (g * v.draftCostRatio + 1),
    'count',
  )
  return d.finish({ tokensPerStep, speedup })
}
