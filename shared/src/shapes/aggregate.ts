import { decodeStep, kvCache, prefillTime, weightBytes } from '../calc/index.ts'
import { gpuById, linkById, modelById } from '../presets/index.ts'
import { gpuClusterShape } from './gpuCluster.ts'
import { gpuNodeShape } from './gpuNode.ts'
import { readLinkMeta } from './link.ts'
import { modelServerGpus, modelServerShape } from './modelServer.ts'
import { shortGpuName } from './presetChoices.ts'
import { checkProps } from './shapeSpec.ts'
import { isValidKitShape, kitShapeTypes } from './specs.ts'

/** A shape as the totals need it, whatever the editor: its type, props and meta. */
export interface DiagramShape {
  type: string
  props: unknown
  meta?: unknown
}

/** GPUs of one model among the selected parts. */
export interface GpuCount {
  gpuId: string
  name: string
  gpus: number
}

/** What the selected parts add up to. All bandwidths are one direction, bytes/s. */
export interface HardwareTotals {
  gpus: number
  nodes: number
  byGpu: GpuCount[]
  hbmBytes: number
  hbmBandwidth: number
  /** Dense BF16 peak, FLOP/s. */
  bf16Flops: number
  /** Dense FP8 peak, FLOP/s; null when some selected GPU has no FP8 tensor math. */
  fp8Flops: number | null
  /** Each GPU's scale-up (NVLink-class) bandwidth, summed. */
  scaleUpBandwidth: number
  /** The slowest selected GPU's scale-up bandwidth; null with no GPUs. */
  scaleUpPerGpu: number | null
  /** The largest scale-up domain among the parts, in GPUs. */
  largestScaleUpDomain: number
  /** Scale-out NIC bandwidth of every node, summed. */
  scaleOutBandwidth: number
  /** Selected link arrows with a valid link type. */
  links: { count: number; bandwidthPerDirection: number }
  /** Selected model servers and the GPUs they ask for (replicas · TP · PP). */
  modelServers: { count: number; gpusRequested: number; modelIds: string[] }
  /** Kit shapes whose props fail their schema: shown as invalid and left out of every total. */
  invalid: number
}

/** Totals of nothing. */
export function emptyTotals(): HardwareTotals {
  return {
    gpus: 0,
    nodes: 0,
    byGpu: [],
    hbmBytes: 0,
    hbmBandwidth: 0,
    bf16Flops: 0,
    fp8Flops: 0,
    scaleUpBandwidth: 0,
    scaleUpPerGpu: null,
    largestScaleUpDomain: 0,
    scaleOutBandwidth: 0,
    links: { count: 0, bandwidthPerDirection: 0 },
    modelServers: { count: 0, gpusRequested: 0, modelIds: [] },
    invalid: 0,
  }
}

/**
 * Adds up the hardware of a set of shapes (a selection, with the children of selected pools and
 * regions): GPUs, HBM, peak FLOP/s, scale-up and scale-out bandwidth, links and model servers.
 * Shapes that are not part of the kit are ignored; kit shapes with invalid props are counted in
 * `invalid` and nowhere else. TPU scale-up figures are per ICI link (as the presets quote them).
 *
 * @example aggregateHardware([{ type: 'gpu-node', props: { ...gpuNodeShape.defaults() } }]).gpus // 8
 */
export function aggregateHardware(shapes: readonly DiagramShape[]): HardwareTotals {
  const totals = emptyTotals()
  const byGpu = new Map<string, number>()
  const addGpus = (gpuId: string, gpus: number, domain: number) => {
    const gpu = gpuById(gpuId)
    if (!gpu) return
    byGpu.set(gpuId, (byGpu.get(gpuId) ?? 0) + gpus)
    totals.gpus += gpus
    totals.hbmBytes += gpus * gpu.hbmBytes
    totals.hbmBandwidth += gpus * gpu.hbmBandwidth
    totals.bf16Flops += gpus * gpu.bf16DenseFlops
    totals.fp8Flops =
      totals.fp8Flops === null || gpu.fp8DenseFlops === null
        ? null
        : totals.fp8Flops + gpus * gpu.fp8DenseFlops
    totals.scaleUpBandwidth += gpus * gpu.scaleUp.bandwidthPerDirection
    totals.scaleUpPerGpu = Math.min(
      totals.scaleUpPerGpu ?? Number.POSITIVE_INFINITY,
      gpu.scaleUp.bandwidthPerDirection,
    )
    totals.largestScaleUpDomain = Math.max(totals.largestScaleUpDomain, domain)
  }
  const nicBandwidth = (linkId: string, nics: number) => nics * (linkById(linkId)?.bandwidthPerDirection ?? 0)

  for (const shape of shapes) {
    if (shape.type === gpuNodeShape.type) {
      const check = checkProps(gpuNodeShape, shape.props)
      if (!check.ok) {
        totals.invalid += 1
        continue
      }
      const node = check.props
      addGpus(node.gpuId, node.gpusPerNode, node.gpusPerNode)
      totals.nodes += 1
      totals.scaleOutBandwidth += nicBandwidth(node.nicLinkId, node.nicsPerNode)
    } else if (shape.type === gpuClusterShape.type) {
      const check = checkProps(gpuClusterShape, shape.props)
      if (!check.ok) {
        totals.invalid += 1
        continue
      }
      const cluster = check.props
      const gpus = cluster.nodes * cluster.gpusPerNode
      addGpus(cluster.gpuId, gpus, Math.min(cluster.scaleUpDomain, gpus))
      totals.nodes += cluster.nodes
      totals.scaleOutBandwidth += cluster.nodes * nicBandwidth(cluster.scaleOutLinkId, cluster.nicsPerNode)
    } else if (shape.type === modelServerShape.type) {
      const check = checkProps(modelServerShape, shape.props)
      if (!check.ok) {
        totals.invalid += 1
        continue
      }
      totals.modelServers.count += 1
      totals.modelServers.gpusRequested += modelServerGpus(check.props)
      if (!totals.modelServers.modelIds.includes(check.props.modelId))
        totals.modelServers.modelIds.push(check.props.modelId)
    } else if (shape.type === 'arrow') {
      const link = readLinkMeta(shape.meta)
      if (link.kind === 'invalid') totals.invalid += 1
      if (link.kind !== 'link') continue
      totals.links.count += 1
      totals.links.bandwidthPerDirection += link.bandwidthPerDirection
    } else if (kitShapeTypes.has(shape.type)) {
      // Components and boundaries carry no figures, but a broken one is still worth saying.
      if (!isValidKitShape(shape)) totals.invalid += 1
    }
  }
  totals.byGpu = [...byGpu].map(([gpuId, gpus]) => ({ gpuId, name: shortGpuName(gpuId), gpus }))
  if (totals.gpus === 0) totals.fp8Flops = null
  return totals
}

/** Weight and KV precision of a fit check. */
export type Precision = 'bf16' | 'fp8'

/** The question a fit check answers: this model, at this batch and context, on these GPUs? */
export interface ModelFitQuestion {
  modelId: string
  precision: Precision
  /** Sequences held and decoded at once. */
  batch: number
  /** Tokens per sequence (prompt + generated); the prefill estimate is for a prompt this long. */
  contextTokens: number
}

/** The answer of a fit check. */
export interface ModelFit {
  modelName: string
  weightBytes: number
  kvBytesPerToken: number
  kvBytes: number
  /** weights + KV cache. */
  neededBytes: number
  hbmBytes: number
  fits: boolean
  /** neededBytes / hbmBytes. */
  hbmShare: number
  /** One decode step for the whole batch with every selected GPU serving one model instance. */
  decode: { tokensPerSecond: number; stepSeconds: number; bound: 'memory' | 'compute' } | null
  /** Prefill of one `contextTokens` prompt on all the selected GPUs at peak. */
  prefillSeconds: number | null
  /** Dense peak used for the compute-bound figures. */
  peakFlops: number | null
  /** What the figures leave out, or a substitution made. */
  notes: string[]
}

/**
 * Checks a model preset against hardware totals through the calculator library: weights
 * (all parameters, `bytesPerParam` 2 for BF16, 1 for FP8) plus the KV cache of `batch`
 * sequences of `contextTokens`, against the total HBM; then the roofline decode step and the
 * prefill time, treating every GPU as one tensor-parallel instance with no communication cost
 * (an ideal bound, not a prediction). MoE models read all their weights but compute with the
 * active ones.
 *
 * @example checkModelFit(totalsOf8H100, { modelId: 'llama-3-70b', precision: 'bf16', batch: 32, contextTokens: 8192 }).fits // true
 */
export function checkModelFit(totals: HardwareTotals, question: ModelFitQuestion): ModelFit {
  const model = modelById(question.modelId)
  if (!model) throw new Error(`unknown model "${question.modelId}"`)
  const bytes = question.precision === 'fp8' ? 1 : 2
  const notes: string[] = []
  const weights = weightBytes({ params: model.params, bytesPerParam: bytes }).bytes
  // kvElementsPerTokenPerLayer = 2 · kvHeads · headDim outside MLA; for MLA it is the latent, so
  // one "head" of half that width gives the calculator the same element count either way.
  const kv = kvCache({
    layers: model.layers,
    kvHeads: 1,
    headDim: model.kvElementsPerTokenPerLayer / 2,
    bytesPerElement: bytes,
    tokens: question.contextTokens,
    batch: question.batch,
  })
  const neededBytes = weights + kv.bytes
  const fit: ModelFit = {
    modelName: model.name,
    weightBytes: weights,
    kvBytesPerToken: kv.bytesPerToken,
    kvBytes: kv.bytes,
    neededBytes,
    hbmBytes: totals.hbmBytes,
    fits: totals.hbmBytes > 0 && neededBytes <= totals.hbmBytes,
    hbmShare: totals.hbmBytes > 0 ? neededBytes / totals.hbmBytes : Number.POSITIVE_INFINITY,
    decode: null,
    prefillSeconds: null,
    peakFlops: null,
    notes,
  }
  if (totals.gpus === 0) return fit

  let peakFlops = totals.bf16Flops
  if (question.precision === 'fp8') {
    if (totals.fp8Flops === null) notes.push('A selected GPU has no FP8 tensor math: BF16 peak used.')
    else peakFlops = totals.fp8Flops
  }
  const step = decodeStep({
    params: model.activeParams,
    weightBytes: weights,
    kvBytes: kv.bytes,
    batch: question.batch,
    memBandwidth: totals.hbmBandwidth,
    peakFlops,
  })
  fit.peakFlops = peakFlops
  fit.decode = { tokensPerSecond: step.tokensPerSecond, stepSeconds: step.seconds, bound: step.bound }
  fit.prefillSeconds = prefillTime({
    params: model.activeParams,
    tokens: question.contextTokens,
    peakFlops,
  }).seconds
  if (totals.gpus > 1) notes.push(`Ideal: all ${totals.gpus} GPUs as one instance, no communication cost.`)
  if (model.moe) notes.push('MoE: all weights read each step, active parameters computed.')
  return fit
}
