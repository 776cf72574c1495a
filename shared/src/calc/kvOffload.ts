import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, quantity, withDefault } from './fields.ts'
import { prefillTime } from './inference.ts'
import { parseInput } from './validate.ts'

/** KV-cache offload: bring a cached prefix back from host memory or disk, or recompute it. */

/** Input of {@link kvReloadVsRecompute}. */
export const kvReloadVsRecomputeInput = z.strictObject({
  tokens: quantity({
    label: 'Cached tokens',
    description: 'Prefix tokens whose KV cache was offloaded',
    unit: 'tokens',
    integer: true,
    max: LIMITS.tokens,
  }),
  kvBytesPerToken: quantity({
    label: 'KV bytes per token',
    description: 'From the KV cache calculator (Llama 3 70B in bf16: 327,680)',
    unit: 'bytes/token',
    max: LIMITS.bytes,
  }),
  reloadBandwidth: quantity({
    label: 'Reload bandwidth',
    description:
      'Where the cache sits: host memory over PCIe 5 (~63 GB/s), local NVMe (~7 GB/s), network storage',
    unit: 'bytes/s',
    max: LIMITS.bandwidth,
  }),
  reloadLatency: withDefault(
    quantity({
      label: 'Reload latency',
      description: 'Fixed cost to start the read',
      unit: 's',
      min: 0,
      max: LIMITS.seconds,
    }),
    0,
  ),
  params: quantity({
    label: 'Parameters',
    description: 'Parameters used per token (active ones for MoE)',
    unit: 'parameters',
    max: LIMITS.params,
  }),
  layers: quantity({
    label: 'Layers',
    description: 'Transformer blocks, for the attention FLOPs of recomputing',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  attentionDim: quantity({
    label: 'Attention width',
    description: 'Query heads × head dimension',
    unit: 'count',
    integer: true,
    max: LIMITS.dimension,
  }),
  peakFlops: quantity({
    label: 'Peak FLOP/s',
    description: 'Dense peak of the GPUs that would recompute',
    unit: 'FLOP/s',
    max: LIMITS.flopRate,
  }),
  mfu: withDefault(
    quantity({ label: 'MFU', description: 'Fraction of peak prefill achieves', unit: 'ratio', max: 1 }),
    0.5,
  ),
})
export type KvReloadVsRecomputeInput = z.input<typeof kvReloadVsRecomputeInput>

/**
 * Whether to reload an offloaded KV-cache prefix or recompute it. Reload moves
 * tokens · kvBytesPerToken over the tier's bandwidth: reloadSeconds = reloadLatency + bytes /
 * reloadBandwidth. Recompute is a prefill of the same tokens (see {@link prefillTime}, linear
 * and causal-attention FLOPs). Reload wins whenever the tier's bandwidth beats the rate at which
 * prefill produces KV bytes, which for long prefixes (attention grows as T²) is almost always.
 *
 * @example kvReloadVsRecompute({ tokens: 32_768, kvBytesPerToken: 327_680, reloadBandwidth: 63e9, params: 70.6e9, layers: 80, attentionDim: 8192, peakFlops: 989e12 })
 * // 10.7 GB: reload ≈ 0.17 s over PCIe 5 vs recompute ≈ 12.2 s of prefill at 50% MFU on one H100
 */
export function kvReloadVsRecompute(input: KvReloadVsRecomputeInput): CalcResult<{
  reloadSeconds: number
  recomputeSeconds: number
  bytes: number
  faster: 'reload' | 'recompute'
}> {
  const v = parseInput('kvReloadVsRecompute', kvReloadVsRecomputeInput, input)
  const d = new Derivation('kvReloadVsRecompute')
  const bytes = d.step(
    'KV bytes to reload',
    'bytes = tokens · kvBytesPerToken',
    v,
    v.tokens * v.kvBytesPerToken,
    'bytes',
  )
  const reloadSeconds = d.step(
    'Reload time',
    'reloadSeconds = reloadLatency + bytes / reloadBandwidth',
    { ...v, bytes },
    v.reloadLatency + bytes / v.reloadBandwidth,
    's',
  )
  const prefill = prefillTime({
    params: v.params,
    tokens: v.tokens,
    peakFlops: v.peakFlops,
    mfu: v.mfu,
    layers: v.layers,
    attentionDim: v.attentionDim,
  })
  d.steps.push(...prefill.steps)
  const recomputeSeconds = prefill.seconds
  const faster = reloadSeconds <= recomputeSeconds ? 'reload' : 'recompute'
  return d.finish({ reloadSeconds, recomputeSeconds, bytes, faster })
}
