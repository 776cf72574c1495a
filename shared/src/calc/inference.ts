import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, quantity, withDefault } from './fields.ts'
import { parseInput } from './validate.ts'

/** Inference speed: one decode step, prefill, and the batch where decode turns compute-bound. */

const peakFlops = () =>
  quantity({
    label: 'Peak FLOP/s',
    description: 'Dense peak of the GPUs serving the model',
    unit: 'FLOP/s',
    max: LIMITS.flopRate,
  })
const memBandwidth = () =>
  quantity({
    label: 'Memory bandwidth',
    description: 'HBM bandwidth of the GPUs serving the model',
    unit: 'bytes/s',
    max: LIMITS.bandwidth,
  })
const params = () =>
  quantity({
    label: 'Parameters',
    description: 'Parameters used per token (active ones for MoE)',
    unit: 'parameters',
    max: LIMITS.params,
  })

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
})
export type DecodeStepInput = z.input<typeof decodeStepInput>

/**
 * Lower bound on one decode step (one new token for each of `batch` sequences), the roofline
 * model of Pope et al. 2022 and kipply's "Transformer Inference Arithmetic": the step must stream
 * the weights and the batch's KV cache from memory, and do 2·params FLOPs per sequence.
 * memorySeconds = (weightBytes + kvBytes) / memBandwidth; computeSeconds = 2·params·batch / peakFlops;
 * seconds = max of the two (loads and math overlap); tokensPerSecond = batch / seconds.
 * Attention-score FLOPs and communication are ignored. For several GPUs, pass their summed
 * bandwidth and FLOP/s.
 *
 * @example decodeStep({ params: 51.5e9, weightBytes: 103e9, kvBytes: 0, batch: 1, memBandwidth: 1.5e12, peakFlops: 312e12 })
 * // seconds ≈ 0.069, bound 'memory': kipply's 52B model on one A100
 */
export function decodeStep(input: DecodeStepInput): CalcResult<{
  memorySeconds: number
  computeSeconds: number
  seconds: number
  tokensPerSecond: number
  bound: 'memory' | 'compute'
}> {
  const v = parseInput('decodeStep', decodeStepInput, input)
  const d = new Derivation('decodeStep')
  const memorySeconds = d.step(
    'Time to stream weights and KV cache',
    'memorySeconds = (weightBytes + kvBytes) / memBandwidth',
    v,
    (v.weightBytes + v.kvBytes) / v.memBandwidth,
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
  const bound = computeSeconds > memorySeconds ? 'compute' : 'memory'
  return d.finish({ memorySeconds, computeSeconds, seconds, tokensPerSecond, bound })
}

/** Input of {@link prefillTime}. */
export const prefillTimeInput = z.strictObject({
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
})
export type PrefillTimeInput = z.input<typeof prefillTimeInput>

/**
 * Prompt processing (prefill) time, which is compute-bound for all but tiny prompts:
 * seconds = 2·params·tokens / (peakFlops·mfu). Attention-score FLOPs are ignored.
 *
 * @example prefillTime({ params: 51.5e9, tokens: 208, peakFlops: 312e12 }).seconds // ≈ 0.069
 */
export function prefillTime(input: PrefillTimeInput): CalcResult<{ seconds: number }> {
  const v = parseInput('prefillTime', prefillTimeInput, input)
  const d = new Derivation('prefillTime')
  const flops = d.step('Prefill FLOPs', 'flops = 2 · params · tokens', v, 2 * v.params * v.tokens, 'FLOP')
  const seconds = d.step(
    'Prefill time',
    'seconds = flops / (peakFlops · mfu)',
    { ...v, flops },
    flops / (v.peakFlops * v.mfu),
    's',
  )
  return d.finish({ seconds })
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
