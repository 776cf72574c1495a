import {
  CalcInputError,
  decodeStep,
  formatQuantity,
  kvCache,
  moeExpertsTouched,
  moeWeightBytesRead,
  prefillTime,
  weightBytes,
} from '../calc/index.ts'
import { gpuById, type ModelPreset, modelById } from '../presets/index.ts'
import type { HardwareTotals } from './aggregate.ts'
import { chooseReplicaLayout, gpusAskedFor, type ReplicaLayout } from './replicaLayout.ts'

/** Weight and KV precision of an estimate. */
export type Precision = 'bf16' | 'fp8'

/**
 * Achieved share of peak HBM bandwidth a decode step is shown at beside the ideal bound: real
 * decode kernels reach roughly 70% of peak, which is what the interview rubrics assume.
 */
export const DEFAULT_MEMORY_EFFICIENCY = 0.7

/** The question an estimate answers: this model, at this batch and context, on these parts? */
export interface EstimateQuestion {
  modelId: string
  precision: Precision
  /** Sequences each replica holds and decodes at once. */
  batch: number
  /** Tokens per sequence (prompt + generated); the prefill estimate is for a prompt this long. */
  contextTokens: number
  /** Achieved fraction of peak HBM bandwidth for the decode figure (the ideal is shown too). */
  memoryEfficiency: number
}

/** Whether one replica holds the model: weights + the KV cache of its batch. */
export interface ReplicaMemory {
  weightBytes: number
  kvBytesPerToken: number
  kvBytes: number
  /** weights + KV cache of one replica. */
  neededBytes: number
  /** HBM of one replica's GPUs. */
  hbmBytes: number
  /** neededBytes spread evenly over the replica's GPUs. */
  perGpuBytes: number
  fits: boolean
  /** neededBytes / hbmBytes. */
  hbmShare: number
}

/** One replica's decode step, at peak bandwidth and at the stated efficiency. */
export interface ReplicaDecode {
  /** Weight bytes a step reads: all of them for dense models, the touched share for MoE. */
  weightBytesRead: number
  /** KV bytes each pipeline stage reads a step (the batch's cache over PP). */
  kvBytesRead: number
  /** Peak HBM bandwidth the weights stream at: one pipeline stage's TP GPUs, bytes/s. */
  memBandwidth: number
  stepSeconds: number
  tokensPerSecond: number
  idealStepSeconds: number
  idealTokensPerSecond: number
  memoryEfficiency: number
  bound: 'memory' | 'compute'
}

/** What all the replicas the selection holds add up to. */
export interface FleetFigures {
  replicas: number
  gpus: number
  /** Sequences decoding at once: replicas · batch. */
  sequences: number
  tokensPerSecond: number
  idealTokensPerSecond: number
  /** Prompt tokens a second with every replica prefilling. */
  prefillTokensPerSecond: number
}

/** A selection's estimate: one replica's figures and the fleet's, or why they cannot be made. */
export interface SelectionEstimate {
  modelName: string
  question: EstimateQuestion
  /** Null when the selection has no GPUs. */
  layout: ReplicaLayout | null
  /** Dense peak of one replica used for the compute-bound figures, FLOP/s. */
  replicaPeakFlops: number | null
  memory: ReplicaMemory | null
  decode: ReplicaDecode | null
  /** One `contextTokens` prompt prefilled on one replica at peak. */
  prefillSeconds: number | null
  fleet: FleetFigures | null
  /** Why the speed figures are missing, in words; null when they are there. */
  unavailable: string | null
  /** What every figure assumes or leaves out: shown with them and pinned with them. */
  caveats: string[]
}

const count = (n: number) => n.toLocaleString('en-US')
const bytes = (n: number) => formatQuantity(n, 'bytes')
const percent = (x: number) => `${x < 0.1 ? (x * 100).toFixed(1) : Math.round(x * 100)}%`

/** Weights and KV cache of one copy of the model at the question's precision, batch and context. */
export function modelMemory(
  model: ModelPreset,
  q: Pick<EstimateQuestion, 'precision' | 'batch' | 'contextTokens'>,
) {
  const bytes = q.precision === 'fp8' ? 1 : 2
  const weights = weightBytes({ params: model.params, bytesPerParam: bytes }).bytes
  // kvElementsPerTokenPerLayer = 2 · kvHeads · headDim outside MLA; for MLA it is the latent, so
  // one "head" of half that width gives the calculator the same element count either way.
  const kv = kvCache({
    layers: model.layers,
    kvHeads: 1,
    headDim: model.kvElementsPerTokenPerLayer / 2,
    bytesPerElement: bytes,
    tokens: q.contextTokens,
    batch: q.batch,
  })
  return { bytesPerParam: bytes, weights, kvBytes: kv.bytes, kvBytesPerToken: kv.bytesPerToken }
}

/**
 * Weight bytes one decode step reads: every weight of a dense model; for mixture-of-experts the
 * always-on weights plus the share of routed experts a batch touches ({@link moeWeightBytesRead},
 * uniform routing), which is what makes small-batch MoE decode fast.
 */
export function weightBytesRead(
  model: ModelPreset,
  bytesPerParam: number,
  batch: number,
  caveats: string[],
): number {
  if (!model.moe) return model.params * bytesPerParam
  const routed = model.moe.routedParams
  const routing = { experts: model.moe.experts, expertsPerToken: model.moe.expertsPerToken, batch }
  const read = moeWeightBytesRead({
    denseBytes: (model.params - routed) * bytesPerParam,
    expertBytes: routed * bytesPerParam,
    ...routing,
  })
  const touched = moeExpertsTouched(routing)
  caveats.push(
    `MoE: a batch of ${count(batch)} touches ${percent(touched.fraction)} of the routed experts (uniform routing; a skewed router touches fewer), so a step reads ${percent(read.fraction)} of the weights: the always-on ones and those experts.`,
  )
  return read.bytes
}

/** The reason for a calculator's refusal, as the panel prints it. */
function refusal(error: CalcInputError): string {
  return `Cannot estimate: ${error.calculator} refused ${error.field}: ${error.message}`
}

/**
 * Estimates a model on a selection one replica at a time. The replica comes from the selected
 * model server's tensor × pipeline layout (or an assumed one, said so: see
 * {@link chooseReplicaLayout}); the fit check is weights + KV cache of `batch` sequences of
 * `contextTokens` against that replica's HBM; the decode step is the roofline bound of
 * {@link decodeStep} on the replica, at peak and at `memoryEfficiency` (MoE reads the touched
 * share of its routed experts); prefill is one prompt on one replica at peak FLOP/s, attention
 * included; the fleet multiplies throughput by the replicas the selection holds.
 *
 * Pipeline stages take turns on a token, so weights stream at one stage's bandwidth (TP GPUs)
 * while the FLOPs spread over all TP · PP GPUs: PP adds memory, not decode speed. Communication
 * inside a replica is not counted (an ideal bound, stated in the caveats). Nothing is dropped:
 * a figure that cannot be made leaves `unavailable` saying why.
 *
 * @example estimateSelection(costReductionStarter, { modelId: 'llama-3-70b', precision: 'bf16', batch: 1, contextTokens: 1, memoryEfficiency: 0.7 })
 * // one TP8 H100 replica: decode.idealStepSeconds ≈ 141 GB / 26.8 TB/s ≈ 5.3 ms; fleet 300 × that
 */
export function estimateSelection(totals: HardwareTotals, question: EstimateQuestion): SelectionEstimate {
  const model = modelById(question.modelId)
  if (!model) throw new Error(`unknown model "${question.modelId}"`)
  const caveats: string[] = []
  const estimate: SelectionEstimate = {
    modelName: model.name,
    question,
    layout: null,
    replicaPeakFlops: null,
    memory: null,
    decode: null,
    prefillSeconds: null,
    fleet: null,
    unavailable: null,
    caveats,
  }
  try {
    return estimateReplicas(model, totals, estimate)
  } catch (error) {
    if (!(error instanceof CalcInputError)) throw error
    estimate.unavailable = refusal(error)
    return estimate
  }
}

function estimateReplicas(
  model: ModelPreset,
  totals: HardwareTotals,
  estimate: SelectionEstimate,
): SelectionEstimate {
  const q = estimate.question
  const { caveats } = estimate
  const mem = modelMemory(model, q)
  const needed = mem.weights + mem.kvBytes
  const layout = chooseReplicaLayout(totals, model.id, needed)
  estimate.layout = layout
  if (!layout) {
    const asked = gpusAskedFor(totals, model.id)
    estimate.unavailable =
      asked > 0
        ? `No GPUs selected: select the ${count(asked)} GPUs the model server runs on with it.`
        : 'No GPUs selected.'
    return estimate
  }
  caveats.push(...layout.notes)
  const gpu = gpuById(layout.gpu.gpuId)
  if (!gpu) throw new Error(`unknown GPU "${layout.gpu.gpuId}"`)
  const { tensorParallel: tp, pipelineParallel: pp, gpusPerReplica: n } = layout

  const hbmBytes = n * gpu.hbmBytes
  const memory: ReplicaMemory = {
    weightBytes: mem.weights,
    kvBytesPerToken: mem.kvBytesPerToken,
    kvBytes: mem.kvBytes,
    neededBytes: needed,
    hbmBytes,
    perGpuBytes: needed / n,
    fits: needed <= hbmBytes,
    hbmShare: needed / hbmBytes,
  }
  estimate.memory = memory

  if (n > 1) caveats.push(`Ideal: no communication cost between a replica's ${n} GPUs.`)
  if (tp > layout.gpu.scaleUpDomain) {
    caveats.push(
      `TP ${tp} spans more than the ${layout.gpu.scaleUpDomain}-GPU scale-up domain: its all-reduces would cross the scale-out network.`,
    )
  }
  if (pp > 1) {
    caveats.push(
      `PP ${pp}: a token passes the stages in turn, so weights stream at one stage's ${tp}-GPU bandwidth (PP adds memory, not decode speed).`,
    )
  }
  let peakPerGpu = gpu.bf16DenseFlops
  if (q.precision === 'fp8') {
    if (gpu.fp8DenseFlops === null) caveats.push(`${layout.gpu.name} has no FP8 tensor math: BF16 peak used.`)
    else peakPerGpu = gpu.fp8DenseFlops
  }
  const peakFlops = n * peakPerGpu
  estimate.replicaPeakFlops = peakFlops
  const read = weightBytesRead(model, mem.bytesPerParam, q.batch, caveats)

  if (!memory.fits) {
    estimate.unavailable = `No speed estimate: one replica's ${n} GPUs hold ${bytes(hbmBytes)}; weights + KV need ${bytes(needed)}.`
    return estimate
  }
  if (layout.replicas === 0) {
    estimate.unavailable = `No speed estimate: the selected GPUs cannot hold one ${n}-GPU replica.`
    return estimate
  }

  // Each stage reads its own layers' share of the batch's KV cache.
  const kvBytesRead = mem.kvBytes / pp
  const memBandwidth = tp * gpu.hbmBandwidth
  const step = decodeStep({
    params: model.activeParams,
    weightBytes: read,
    kvBytes: kvBytesRead,
    batch: q.batch,
    memBandwidth,
    peakFlops,
    memoryEfficiency: q.memoryEfficiency,
  })
  estimate.decode = {
    weightBytesRead: read,
    kvBytesRead,
    memBandwidth,
    stepSeconds: step.seconds,
    tokensPerSecond: step.tokensPerSecond,
    idealStepSeconds: step.idealSeconds,
    idealTokensPerSecond: step.idealTokensPerSecond,
    memoryEfficiency: step.memoryEfficiency,
    bound: step.bound,
  }
  const prefill = prefillTime({
    params: model.activeParams,
    tokens: q.contextTokens,
    peakFlops,
    layers: model.layers,
    attentionDim: model.heads * model.headDim,
  })
  estimate.prefillSeconds = prefill.seconds
  caveats.push('Prefill at 100% of peak FLOP/s: an ideal bound, real MFU is lower.')

  const r = layout.replicas
  estimate.fleet = {
    replicas: r,
    gpus: r * n,
    sequences: r * q.batch,
    tokensPerSecond: r * step.tokensPerSecond,
    idealTokensPerSecond: r * step.idealTokensPerSecond,
    prefillTokensPerSecond: (r * q.contextTokens) / prefill.seconds,
  }
  return estimate
}
