import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { choice, LIMITS, quantity, withDefault } from './fields.ts'
import { parseInput } from './validate.ts'

/** Memory footprints: weights, KV cache, training model states, activations. */

const params = () =>
  quantity({
    label: 'Parameters',
    description: 'Model parameter count',
    unit: 'parameters',
    max: LIMITS.params,
  })
const count = (label: string, description: string) =>
  quantity({ label, description, unit: 'count', integer: true, max: LIMITS.count })
const dimension = (label: string, description: string) =>
  quantity({ label, description, unit: 'count', integer: true, max: LIMITS.dimension })
const bytesEach = (label: string, description: string, unit: 'bytes/parameter' | 'bytes/element') =>
  quantity({ label, description, unit, max: LIMITS.bytesPerElement })

// ---------------------------------------------------------------------------------------------

/** Input of {@link weightBytes}. */
export const weightBytesInput = z.strictObject({
  params: params(),
  bytesPerParam: bytesEach(
    'Bytes per parameter',
    'Storage per weight: 4 fp32, 2 bf16/fp16, 1 fp8/int8, 0.5 int4',
    'bytes/parameter',
  ),
})
export type WeightBytesInput = z.input<typeof weightBytesInput>

/**
 * Memory to hold a model's weights: params · bytesPerParam.
 *
 * @example weightBytes({ params: 13e9, bytesPerParam: 2 }).bytes // 2.6e10 (OPT-13B in fp16, 26 GB)
 */
export function weightBytes(input: WeightBytesInput): CalcResult<{ bytes: number }> {
  const v = parseInput('weightBytes', weightBytesInput, input)
  const d = new Derivation('weightBytes')
  const bytes = d.step(
    'Weight memory',
    'bytes = params · bytesPerParam',
    v,
    v.params * v.bytesPerParam,
    'bytes',
  )
  return d.finish({ bytes })
}

// ---------------------------------------------------------------------------------------------

/** Input of {@link kvCache}. */
export const kvCacheInput = z.strictObject({
  layers: count('Layers', 'Transformer blocks, each with its own K and V'),
  kvHeads: count('KV heads', 'Key/value heads (= attention heads for MHA, fewer for GQA/MQA)'),
  headDim: dimension('Head dimension', 'Elements per head'),
  bytesPerElement: bytesEach(
    'Bytes per element',
    'KV cache precision: 2 for bf16/fp16, 1 for fp8',
    'bytes/element',
  ),
  tokens: withDefault(
    quantity({
      label: 'Tokens',
      description: 'Tokens cached per sequence (prompt + generated)',
      unit: 'tokens',
      integer: true,
      max: LIMITS.tokens,
    }),
    1,
  ),
  batch: withDefault(count('Batch', 'Sequences held at once'), 1),
})
export type KvCacheInput = z.input<typeof kvCacheInput>

/**
 * KV-cache size. Each token stores one key and one value vector per layer per KV head:
 * bytesPerToken = 2 · layers · kvHeads · headDim · bytesPerElement, and
 * bytes = bytesPerToken · tokens · batch.
 *
 * Multi-head latent attention (DeepSeek-V2/V3) caches a compressed vector instead; model it by
 * choosing kvHeads · headDim = (cached elements per token per layer) / 2, e.g. kvHeads 1,
 * headDim 288 for DeepSeek-V3's 512 + 64.
 *
 * @example kvCache({ layers: 40, kvHeads: 40, headDim: 128, bytesPerElement: 2 }).bytesPerToken
 * // 819200: OPT-13B, the vLLM paper's "800 KB" per token
 */
export function kvCache(input: KvCacheInput): CalcResult<{ bytesPerToken: number; bytes: number }> {
  const v = parseInput('kvCache', kvCacheInput, input)
  const d = new Derivation('kvCache')
  const bytesPerToken = d.step(
    'KV bytes per token',
    'bytesPerToken = 2 · layers · kvHeads · headDim · bytesPerElement',
    v,
    2 * v.layers * v.kvHeads * v.headDim * v.bytesPerElement,
    'bytes/token',
  )
  const bytes = d.step(
    'KV cache',
    'bytes = bytesPerToken · tokens · batch',
    { ...v, bytesPerToken },
    bytesPerToken * v.tokens * v.batch,
    'bytes',
  )
  return d.finish({ bytesPerToken, bytes })
}

// ---------------------------------------------------------------------------------------------

/** Input of {@link trainingStateBytes}. */
export const trainingStateBytesInput = z.strictObject({
  params: params(),
  dataParallel: withDefault(
    quantity({
      label: 'Data-parallel degree',
      description: 'GPUs the ZeRO partitions are spread over (Nd)',
      unit: 'count',
      integer: true,
      min: 1,
      max: LIMITS.count,
    }),
    1,
  ),
  zeroStage: withDefault(
    quantity({
      label: 'ZeRO stage',
      description: '0 none, 1 optimizer states, 2 + gradients, 3 + parameters partitioned',
      unit: 'count',
      integer: true,
      min: 0,
      max: 3,
    }),
    0,
  ),
  weightBytes: withDefault(
    bytesEach('Weight bytes', 'Working copy of each parameter (fp16/bf16: 2)', 'bytes/parameter'),
    2,
  ),
  gradBytes: withDefault(
    bytesEach('Gradient bytes', 'Gradient per parameter (fp16/bf16: 2)', 'bytes/parameter'),
    2,
  ),
  optimizerBytes: withDefault(
    quantity({
      label: 'Optimizer bytes',
      description: 'Optimizer state per parameter, K in the ZeRO paper (mixed-precision Adam: 12)',
      unit: 'bytes/parameter',
      min: 0,
      max: LIMITS.bytesPerElement,
    }),
    12,
  ),
})
export type TrainingStateBytesInput = z.input<typeof trainingStateBytesInput>

type StateKind = 'weightBytes' | 'gradBytes' | 'optimizerBytes'
const STATE_KINDS: readonly StateKind[] = ['weightBytes', 'gradBytes', 'optimizerBytes']
/** Which model states each ZeRO stage partitions across the data-parallel ranks (ZeRO §5). */
const PARTITIONED_BY_STAGE: Readonly<Record<number, readonly StateKind[]>> = {
  0: [],
  1: ['optimizerBytes'],
  2: ['gradBytes', 'optimizerBytes'],
  3: ['weightBytes', 'gradBytes', 'optimizerBytes'],
}

/**
 * Model-state memory (weights, gradients, optimizer states) for data-parallel training with
 * ZeRO (Rajbhandari et al., SC20). Stage 0 replicates everything: (w + g + K)·Ψ per GPU.
 * Stage 1 partitions optimizer states: (w + g)·Ψ + K·Ψ/Nd. Stage 2 also gradients:
 * w·Ψ + (g + K)·Ψ/Nd. Stage 3 also parameters: (w + g + K)·Ψ/Nd.
 * Activations, buffers and fragmentation are not included (see {@link activationBytes}).
 *
 * @example trainingStateBytes({ params: 7.5e9, dataParallel: 64, zeroStage: 1 }).bytesPerGpu
 * // 3.14e10: ZeRO Figure 1, P_os, 31.4 GB
 */
export function trainingStateBytes(
  input: TrainingStateBytesInput,
): CalcResult<{ bytesPerGpu: number; bytesTotal: number }> {
  const v = parseInput('trainingStateBytes', trainingStateBytesInput, input)
  const d = new Derivation('trainingStateBytes')
  const partitionedKinds = PARTITIONED_BY_STAGE[v.zeroStage] ?? []
  const replicatedKinds = STATE_KINDS.filter((k) => !partitionedKinds.includes(k))
  const sumOf = (kinds: readonly StateKind[]) => kinds.reduce((sum, k) => sum + v[k], 0)
  const formulaOf = (kinds: readonly StateKind[]) => (kinds.length ? kinds.join(' + ') : '0')

  const replicated = d.step(
    `Bytes per parameter kept whole on every GPU (stage ${v.zeroStage})`,
    `replicated = ${formulaOf(replicatedKinds)}`,
    v,
    sumOf(replicatedKinds),
    'bytes/parameter',
  )
  const partitioned = d.step(
    `Bytes per parameter split across data-parallel GPUs (stage ${v.zeroStage})`,
    `partitioned = ${formulaOf(partitionedKinds)}`,
    v,
    sumOf(partitionedKinds),
    'bytes/parameter',
  )
  const bytesPerGpu = d.step(
    'Model states per GPU',
    'bytesPerGpu = params · (replicated + partitioned / dataParallel)',
    { ...v, replicated, partitioned },
    v.params * (replicated + partitioned / v.dataParallel),
    'bytes',
  )
  const bytesTotal = d.step(
    'Model states across all GPUs',
    'bytesTotal = bytesPerGpu · dataParallel',
    { ...v, bytesPerGpu },
    bytesPerGpu * v.dataParallel,
    'bytes',
  )
  return d.finish({ bytesPerGpu, bytesTotal })
}

// ---------------------------------------------------------------------------------------------

/** Input of {@link activationBytes}. */
export const activationBytesInput = z
  .strictObject({
    seqLen: quantity({
      label: 'Sequence length',
      description: 'Tokens per sample (s)',
      unit: 'tokens',
      integer: true,
      max: LIMITS.dimension,
    }),
    microBatch: count('Micro-batch', 'Samples per micro-batch on one GPU (b)'),
    hidden: dimension('Hidden size', 'Model width (h)'),
    layers: count('Layers', 'Transformer blocks held by this GPU (L)'),
    heads: count('Attention heads', 'Attention heads (a)'),
    tensorParallel: withDefault(
      quantity({
        label: 'Tensor parallel',
        description: 'Tensor-parallel degree t (no sequence parallelism); must divide the heads',
        unit: 'count',
        integer: true,
        min: 1,
        max: LIMITS.count,
      }),
      1,
    ),
    recompute: withDefault(
      choice(['none', 'selective', 'full'], {
        label: 'Recomputation',
        description: 'none; selective (recompute attention scores); full (keep only each layer input)',
      }),
      'none',
    ),
    bytesPerElement: withDefault(
      bytesEach('Bytes per element', 'Activation precision (the paper assumes 2)', 'bytes/element'),
      2,
    ),
  })
  .superRefine((v, ctx) => {
    // Megatron tensor parallelism splits attention heads across ranks, so t must divide a.
    if (v.heads % v.tensorParallel !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['tensorParallel'],
        message: `must divide the number of attention heads (${v.heads})`,
      })
    }
  })
export type ActivationBytesInput = z.input<typeof activationBytesInput>

/** Korthikanti et al.'s symbols: sequence, micro-batch, hidden, heads, tensor parallel, layers. */
interface ActivationSymbols {
  s: number
  b: number
  h: number
  a: number
  t: number
  L: number
}

/** Per-layer formulas at 16-bit (Korthikanti et al. 2022, Eq. 1–2 and §5), keyed by recompute mode. */
const ACTIVATION_PER_LAYER: Record<
  'none' | 'selective' | 'full',
  { formula: string; bytes: (x: ActivationSymbols) => number }
> = {
  none: {
    formula: 'perLayer = s · b · h · (10 + 24 / t + 5 · a · s / (h · t))',
    bytes: ({ s, b, h, a, t }) => s * b * h * (10 + 24 / t + (5 * a * s) / (h * t)),
  },
  selective: {
    formula: 'perLayer = s · b · h · (10 + 24 / t)',
    bytes: ({ s, b, h, t }) => s * b * h * (10 + 24 / t),
  },
  full: {
    formula: 'perLayer = 2 · s · b · h',
    bytes: ({ s, b, h }) => 2 * s * b * h,
  },
}

/**
 * Activation memory of a transformer's layers on one GPU during training, after Korthikanti et
 * al. 2022, "Reducing Activation Recomputation in Large Transformer Models".
 *
 * Per layer, at 16-bit: s·b·h·(34 + 5·a·s/h) bytes with no parallelism; with tensor parallel
 * degree t and no sequence parallelism s·b·h·(10 + 24/t + 5·a·s/(h·t)) (the 10 are the layer
 * norms, dropout masks and residual inputs that stay replicated); selective recomputation drops
 * the 5·a·s/h attention-score term; full recomputation keeps only each layer's 2·s·b·h input.
 * Total = layers · perLayer · bytesPerElement / 2.
 *
 * Assumptions: a GPT-style block (4h MLP, dropout kept, no FlashAttention); no sequence
 * parallelism; embeddings, the output layer, the loss and pipeline-schedule multiples are left
 * out; the bytesPerElement/2 scaling also scales the 1-byte dropout masks, which is an
 * approximation the paper does not make.
 *
 * @example activationBytes({ seqLen: 2048, microBatch: 1, hidden: 12288, layers: 96, heads: 96 }).bytes
 * // ≈ 2.75e11: GPT-3 175B, 5as/h = 80 against the other 34
 */
export function activationBytes(input: ActivationBytesInput): CalcResult<{ bytes: number }> {
  const v = parseInput('activationBytes', activationBytesInput, input)
  const d = new Derivation('activationBytes')
  const symbols = { s: v.seqLen, b: v.microBatch, h: v.hidden, a: v.heads, t: v.tensorParallel, L: v.layers }
  const mode = ACTIVATION_PER_LAYER[v.recompute]
  const perLayer = d.step(
    `Activations per layer at 16-bit (recompute: ${v.recompute})`,
    mode.formula,
    symbols,
    mode.bytes(symbols),
    'bytes',
  )
  const bytes = d.step(
    'Activations for all layers',
    'bytes = L · perLayer · bytesPerElement / 2',
    { ...symbols, perLayer, bytesPerElement: v.bytesPerElement },
    (v.layers * perLayer * v.bytesPerElement) / 2,
    'bytes',
  )
  return d.finish({ bytes })
}
