import { z } from 'zod'

/**
 * Zod schemas for the preset data. All figures are SI: bytes, bytes/s, FLOP/s, seconds, watts.
 * Each preset names its sources; a figure derived from a source (e.g. dense = half of a
 * with-sparsity datasheet number) says so in `notes`.
 */

const positive = z.number().positive()
const positiveInt = z.number().int().positive()
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by hyphens')

/** Where a number came from: a paper, datasheet, model card or release. */
export const sourceSchema = z.strictObject({
  /** Paper or document title, with authors or publisher. */
  title: z.string().min(8),
  /** Table, section or page within it. */
  locator: z.string().min(1).optional(),
  url: z.url().optional(),
})
export type Source = z.infer<typeof sourceSchema>

const sources = z.array(sourceSchema).min(1)

/** An accelerator's headline figures. */
export const gpuSchema = z
  .strictObject({
    id: slug,
    name: z.string().min(3),
    vendor: z.enum(['NVIDIA', 'AMD', 'Google']),
    /** Dense (no structured sparsity) BF16 tensor throughput, FLOP/s. */
    bf16DenseFlops: positive,
    /** Dense FP8 throughput, FLOP/s; null where the chip has no FP8 tensor math. */
    fp8DenseFlops: positive.nullable(),
    /** Dense FP4 throughput, FLOP/s; null where the chip has no FP4 tensor math (before Blackwell). */
    fp4DenseFlops: positive.nullable(),
    /** True when the vendor's headline FLOP/s are quoted with 2:4 sparsity (twice the dense figure stored here). */
    vendorFiguresWithSparsity: z.boolean(),
    /** HBM capacity in bytes, reading the vendor's "GB" as decimal (see index.ts). */
    hbmBytes: positive,
    hbmType: z.string().min(3),
    /** HBM bandwidth, bytes/s (vendors quote decimal GB/s and TB/s). */
    hbmBandwidth: positive,
    scaleUp: z.strictObject({
      /** Link name, e.g. 'NVLink 4 (18 links)'. */
      link: z.string().min(2),
      /** Matching entry in the link presets, when there is one. */
      linkId: slug.optional(),
      /** The chip's aggregate scale-up bandwidth in one direction, all its links together, bytes/s. */
      bandwidthPerDirection: positive,
      /** Scale-up links (ports) per chip, where the vendor states it. */
      links: positiveInt.optional(),
      /**
       * What one pair of chips gets between them in one direction: the whole aggregate through an
       * NVLink switch, one link on a point-to-point mesh (MI300X: 64 of 448 GB/s) or torus (TPU).
       */
      pairBandwidthPerDirection: positive,
      /** Chips in one scale-up domain: 8 in an HGX board, 72 in a GB200 NVL72 rack, a TPU pod. */
      domainChips: positiveInt,
    }),
    /** Board power (TDP/TBP) in watts; null where no cited source gives it. */
    powerWatts: positive.nullable(),
    sources,
    notes: z.string().optional(),
  })
  .superRefine((g, ctx) => {
    // FP8 tensor math runs at twice the BF16 rate on every chip that has it, and FP4 at twice FP8.
    if (g.fp8DenseFlops !== null && Math.abs(g.fp8DenseFlops / g.bf16DenseFlops - 2) > 0.02) {
      ctx.addIssue({ code: 'custom', path: ['fp8DenseFlops'], message: 'expected about 2× the BF16 rate' })
    }
    if (
      g.fp4DenseFlops !== null &&
      (g.fp8DenseFlops === null || Math.abs(g.fp4DenseFlops / g.fp8DenseFlops - 2) > 0.02)
    ) {
      ctx.addIssue({ code: 'custom', path: ['fp4DenseFlops'], message: 'expected about 2× the FP8 rate' })
    }
    if (g.scaleUp.pairBandwidthPerDirection > g.scaleUp.bandwidthPerDirection) {
      ctx.addIssue({
        code: 'custom',
        path: ['scaleUp'],
        message: 'a pair cannot get more than the chip aggregate',
      })
    }
    // Sanity bands that catch unit slips (TFLOP/s entered as FLOP/s, GB/s as bytes/s).
    if (g.bf16DenseFlops < 1e13 || g.bf16DenseFlops > 1e17) {
      ctx.addIssue({
        code: 'custom',
        path: ['bf16DenseFlops'],
        message: 'outside 10 TFLOP/s–100 PFLOP/s: unit slip?',
      })
    }
    if (g.hbmBytes < 1e9 || g.hbmBytes > 1e13) {
      ctx.addIssue({ code: 'custom', path: ['hbmBytes'], message: 'outside 1 GB–10 TB: unit slip?' })
    }
    if (g.hbmBandwidth < 1e11 || g.hbmBandwidth > 1e14) {
      ctx.addIssue({
        code: 'custom',
        path: ['hbmBandwidth'],
        message: 'outside 100 GB/s–100 TB/s: unit slip?',
      })
    }
  })
export type GpuPreset = z.infer<typeof gpuSchema>

/** A language model's size and architecture. */
export const modelSchema = z
  .strictObject({
    id: slug,
    name: z.string().min(3),
    /** Total parameters. */
    params: positive,
    /** Parameters used per token: equal to `params` for dense models, fewer for mixture-of-experts. */
    activeParams: positive,
    moe: z
      .strictObject({
        /** Routed experts per MoE layer. */
        experts: positiveInt,
        expertsPerToken: positiveInt,
        sharedExperts: z.number().int().min(0),
        /**
         * Parameters in routed experts, all layers together. Everything else (attention, dense
         * layers, shared experts, embeddings) is read by every token; of these, a step reads only
         * the experts its batch touches (see moeWeightBytesRead).
         */
        routedParams: positive,
        /** MoE layers (the rest are dense). */
        moeLayers: positiveInt,
      })
      .nullable(),
    layers: positiveInt,
    /** Model width d_model. */
    hidden: positiveInt,
    /** Width of the feed-forward layer (per expert for MoE). */
    ffnHidden: positiveInt,
    heads: positiveInt,
    kvHeads: positiveInt,
    headDim: positiveInt,
    attention: z.enum(['mha', 'gqa', 'mla']),
    /**
     * Elements the KV cache holds per token per layer: 2·kvHeads·headDim for MHA/GQA; for MLA,
     * the compressed latent plus the decoupled RoPE key.
     */
    kvElementsPerTokenPerLayer: positiveInt,
    vocab: positiveInt,
    /** Longest context the released model supports, tokens. */
    context: positiveInt,
    sources,
    notes: z.string().optional(),
  })
  .superRefine((m, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (m.activeParams > m.params) issue('activeParams', 'cannot exceed params')
    if ((m.moe === null) !== (m.activeParams === m.params))
      issue('activeParams', 'differs from params exactly when moe is set')
    if (m.moe && m.moe.expertsPerToken > m.moe.experts) issue('moe', 'expertsPerToken exceeds experts')
    if (m.moe && m.moe.routedParams >= m.params)
      issue('moe', 'routed-expert parameters must be fewer than all parameters')
    if (m.moe && m.moe.moeLayers > m.layers) issue('moe', 'more MoE layers than layers')
    // The split must reproduce the published active count: the rest plus k/E of the experts.
    // 20% allows for counting conventions: gpt-oss counts the unembedding but not the embedding
    // as active (gpt-oss-20b: 4.2B by this rule, 3.6B published); Llama 4's totals include vision.
    if (m.moe) {
      const active = m.params - m.moe.routedParams * (1 - m.moe.expertsPerToken / m.moe.experts)
      if (Math.abs(active / m.activeParams - 1) > 0.2) {
        issue(
          'moe',
          `the routed/other split gives ${(active / 1e9).toFixed(1)}B active, not ${(m.activeParams / 1e9).toFixed(1)}B`,
        )
      }
    }
    if (m.heads % m.kvHeads !== 0) issue('kvHeads', 'must divide heads')
    if (m.attention === 'mha' && m.kvHeads !== m.heads) issue('kvHeads', 'MHA has one KV head per query head')
    if (m.attention === 'gqa' && m.kvHeads >= m.heads)
      issue('kvHeads', 'GQA has fewer KV heads than query heads')
    if (m.attention !== 'mla' && m.kvElementsPerTokenPerLayer !== 2 * m.kvHeads * m.headDim) {
      issue('kvElementsPerTokenPerLayer', 'must equal 2 · kvHeads · headDim outside MLA')
    }
  })
export type ModelPreset = z.infer<typeof modelSchema>

/** An interconnect's bandwidth. */
export const linkSchema = z.strictObject({
  id: slug,
  name: z.string().min(3),
  /** scale-up: GPU-to-GPU inside a node or pod; host: CPU/NIC attach; scale-out: between nodes. */
  kind: z.enum(['scale-up', 'host', 'scale-out']),
  /** Bandwidth in one direction, bytes/s. */
  bandwidthPerDirection: positive,
  /** What one unit of the figure is: a GPU's aggregate, an x16 slot, a port. */
  per: z.enum(['gpu', 'x16 slot', 'port']),
  /**
   * Latency of one hop over the link, seconds: what each step of a ring collective or a small
   * transfer pays regardless of size (NCCL's tuning model, low-latency protocol).
   */
  hopLatency: positive,
  sources,
  notes: z.string().optional(),
})
export type LinkPreset = z.infer<typeof linkSchema>

/** One row of a latency table. */
export const latencyRowSchema = z.strictObject({
  id: slug,
  operation: z.string().min(3),
  seconds: positive,
  note: z.string().optional(),
})

/** A latency table with the sources it was taken from. */
export const latencyTableSchema = z.strictObject({
  id: slug,
  title: z.string().min(3),
  rows: z.array(latencyRowSchema).min(1),
  sources,
  caveat: z.string().optional(),
})
export type LatencyTable = z.infer<typeof latencyTableSchema>

/** A measured failure rate, as a per-GPU mean time between job-stopping failures. */
export const reliabilitySchema = z.strictObject({
  id: slug,
  name: z.string().min(3),
  gpuId: slug,
  gpus: positiveInt,
  days: positive,
  interruptions: positiveInt,
  /** days · 86400 · gpus / interruptions. */
  gpuMtbfSeconds: positive,
  sources,
})
export type ReliabilityPreset = z.infer<typeof reliabilitySchema>

/** A price for one GPU-hour. */
export const gpuHourPriceSchema = z.strictObject({
  id: slug,
  name: z.string().min(3),
  gpuId: slug,
  /** US dollars per GPU per hour. */
  pricePerHour: positive,
  sources,
  notes: z.string().optional(),
})
export type GpuHourPrice = z.infer<typeof gpuHourPriceSchema>
