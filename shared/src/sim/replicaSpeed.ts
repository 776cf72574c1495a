import { decodeStep, prefillTime } from '../calc/index.ts'
import { gpuById, modelById } from '../presets/index.ts'
import { modelMemory, weightBytesRead } from '../shapes/replicaEstimate.ts'
import type { ServingPool } from './scenario.ts'
import { SimulationInputError } from './simulationError.ts'

/**
 * How fast one replica of a pool works, as the simulator asks it thousands of times a second.
 * From the calculators: prefill is {@link prefillTime} (attention and MFU) and a decode step is
 * {@link decodeStep} (memory efficiency, MoE touched share), with the per-replica layout of
 * shapes/replicaEstimate (weights stream at one pipeline stage's TP bandwidth, FLOPs spread over
 * every GPU). Both are looked up in tables the calculators filled, never re-derived: a decode
 * step's memory time is linear in the KV bytes it reads, so two decodeStep calls per batch size
 * (no KV, full KV) give it exactly for every KV in between; prefill seconds over tokens is linear
 * in tokens (attention grows as T²), so two prefillTime calls give every length. From measured rates: prefill is
 * tokens / rate and a step is maxBatch / decode rate whatever the batch.
 */
export interface ReplicaSpeed {
  /** Seconds to prefill `tokens` prompt tokens of which `cached` are a cached prefix. */
  prefillSeconds(tokens: number, cached: number): number
  /** Seconds of one decode step of `batch` sequences holding `kvTokens` tokens of KV in all. */
  stepSeconds(batch: number, kvTokens: number): number
  /** KV tokens one replica holds (Infinity when unbounded). */
  kvCapacityTokens: number
  /** KV bytes one token of context takes (for the transfer to decode); 0 when unknown. */
  kvBytesPerToken: number
  /** Whether cached prefix tokens are skipped by prefill (false when a measured rate includes them). */
  skipsCachedPrefix: boolean
  notes: string[]
}

/** Prompt lengths the prefill line is read at. */
const SHORT = 1024
const LONG = 131_072

/** The speed of one replica of `pool`, or a SimulationInputError naming what is missing. */
export function replicaSpeed(pool: ServingPool): ReplicaSpeed {
  const speed = pool.speed
  if (speed.source === 'measured') return measured(pool, speed)
  const model = modelById(speed.modelId)
  if (!model) throw new SimulationInputError(pool.id, `unknown model "${speed.modelId}"`)
  const gpu = gpuById(speed.gpuId)
  if (!gpu) throw new SimulationInputError(pool.id, `unknown GPU "${speed.gpuId}"`)
  const tp = speed.tensorParallel
  const pp = speed.pipelineParallel
  const n = tp * pp
  const notes: string[] = []
  const memory = modelMemory(model, { precision: speed.precision, batch: 1, contextTokens: 1 })
  const usable = n * gpu.hbmBytes * speed.hbmUsable
  const kvCapacityTokens = Math.floor((usable - memory.weights) / memory.kvBytesPerToken)
  if (kvCapacityTokens < 1)
    throw new SimulationInputError(
      pool.id,
      `${model.name} does not fit one ${n}-GPU replica: ${Math.round(memory.weights / 1e9)} GB of weights, ${Math.round(usable / 1e9)} GB usable HBM`,
    )
  const fp8 = speed.precision === 'fp8' && gpu.fp8DenseFlops !== null
  const peakFlops = n * (fp8 ? (gpu.fp8DenseFlops as number) : gpu.bf16DenseFlops)
  const memBandwidth = tp * gpu.hbmBandwidth
  const maxBatch = pool.maxBatch
  // Per batch size: memory seconds at no KV, memory seconds per KV token, compute seconds.
  const base = new Float64Array(maxBatch + 1)
  const perToken = new Float64Array(maxBatch + 1)
  const compute = new Float64Array(maxBatch + 1)
  const fullKv = kvCapacityTokens * memory.kvBytesPerToken
  for (let b = 1; b <= maxBatch; b++) {
    const weights = weightBytesRead(model, memory.bytesPerParam, b, [])
    const common = {
      params: model.activeParams,
      weightBytes: weights,
      batch: b,
      memBandwidth,
      peakFlops,
      memoryEfficiency: speed.memoryEfficiency,
    }
    const empty = decodeStep({ ...common, kvBytes: 0 })
    const full = decodeStep({ ...common, kvBytes: fullKv / pp })
    base[b] = empty.memorySeconds
    perToken[b] = (full.memorySeconds - empty.memorySeconds) / kvCapacityTokens
    compute[b] = empty.computeSeconds
  }
  // prefillTime is linear-layer FLOPs (∝ T) plus causal attention (∝ T²): seconds / T is a line
  // in T, so two calls far apart give it exactly for every prompt length.
  const prefill = {
    params: model.activeParams,
    peakFlops,
    mfu: speed.mfu,
    layers: model.layers,
    attentionDim: model.heads * model.headDim,
  }
  const perTokenAt = (t: number) => prefillTime({ ...prefill, tokens: t }).seconds / t
  const quadratic = (perTokenAt(SHORT) - perTokenAt(LONG)) / (SHORT - LONG)
  const linear = perTokenAt(SHORT) - quadratic * SHORT
  const prefillOf = (tokens: number) => {
    const t = Math.max(tokens, 1)
    return t * (linear + quadratic * t)
  }
  notes.push('Prefill counts the uncached tokens only, attention among them included.')
  return {
    prefillSeconds: (tokens, cached) => prefillOf(tokens - cached),
    stepSeconds: (batch, kvTokens) => {
      const b = Math.min(batch, maxBatch)
      const mem = (base[b] as number) + (perToken[b] as number) * kvTokens
      const comp = compute[b] as number
      return Math.max(mem, comp)
    },
    kvCapacityTokens,
    kvBytesPerToken: memory.kvBytesPerToken,
    skipsCachedPrefix: true,
    notes,
  }
}

function measured(
  pool: ServingPool,
  speed: Extract<ServingPool['speed'], { source: 'measured' }>,
): ReplicaSpeed {
  const needsPrefill = pool.kind !== 'decode'
  const needsDecode = pool.kind !== 'prefill'
  if (needsPrefill && speed.prefillTokensPerSecond === undefined)
    throw new SimulationInputError(pool.id, 'a measured pool that prefills needs prefillTokensPerSecond')
  if (needsDecode && speed.decodeTokensPerSecond === undefined)
    throw new SimulationInputError(pool.id, 'a measured pool that decodes needs decodeTokensPerSecond')
  const prefillRate = speed.prefillTokensPerSecond ?? Number.POSITIVE_INFINITY
  const step = pool.maxBatch / (speed.decodeTokensPerSecond ?? Number.POSITIVE_INFINITY)
  return {
    prefillSeconds: (tokens) => tokens / prefillRate,
    stepSeconds: () => step,
    kvCapacityTokens: speed.kvCapacityTokens ?? Number.POSITIVE_INFINITY,
    kvBytesPerToken: speed.kvBytesPerToken ?? 0,
    skipsCachedPrefix: false,
    notes: [`${pool.label ?? pool.id}: measured rates; a decode step takes maxBatch / rate at any batch.`],
  }
}
