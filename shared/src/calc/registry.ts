import type { z } from 'zod'
import type { AnyCalcResult } from './derivation.ts'
import type { FieldInfo } from './fields.ts'
import { describeFields } from './fields.ts'
import {
  criticalBatch,
  criticalBatchInput,
  decodeStep,
  decodeStepInput,
  prefillTime,
  prefillTimeInput,
  speculativeDecoding,
  speculativeDecodingInput,
} from './inference.ts'
import { kvReloadVsRecompute, kvReloadVsRecomputeInput } from './kvOffload.ts'
import { parallelLayout, parallelLayoutInput } from './layout.ts'
import {
  activationBytes,
  activationBytesInput,
  kvCache,
  kvCacheInput,
  trainingStateBytes,
  trainingStateBytesInput,
  weightBytes,
  weightBytesInput,
} from './memory.ts'
import {
  moeExpertsTouched,
  moeExpertsTouchedInput,
  moeWeightBytesRead,
  moeWeightBytesReadInput,
} from './moe.ts'
import { collectiveTime, collectiveTimeInput, transferTime, transferTimeInput } from './network.ts'
import { decodeStepPoint, type PanelInfo, typedIntensityPoint } from './panelInfo.ts'
import { powerDraw, powerDrawInput } from './power.ts'
import { goodput, goodputInput } from './reliability.ts'
import { roofline, rooflineInput } from './roofline.ts'
import {
  costPerMillionTokens,
  costPerMillionTokensInput,
  egressBandwidth,
  egressBandwidthInput,
  fanOutTail,
  fanOutTailInput,
  littleConcurrency,
  littleConcurrencyInput,
  requestCost,
  requestCostInput,
  servingFleet,
  servingFleetInput,
  tokenCostSplit,
  tokenCostSplitInput,
} from './serving.ts'
import {
  meanConfidenceInterval,
  meanConfidenceIntervalInput,
  proportionSampleSize,
  proportionSampleSizeInput,
} from './statistics.ts'
import {
  checkpointTime,
  checkpointTimeInput,
  retainedBytes,
  retainedBytesInput,
  storageWithHeadroom,
  storageWithHeadroomInput,
  vectorIndexBytes,
  vectorIndexBytesInput,
} from './storage.ts'
import {
  chinchillaOptimal,
  chinchillaOptimalInput,
  loraParams,
  loraParamsInput,
  pipelineBubble,
  pipelineBubbleInput,
  trainingCost,
  trainingCostInput,
  trainingFlops,
  trainingFlopsInput,
  trainingTime,
  trainingTimeInput,
  utilization,
  utilizationInput,
} from './training.ts'
import type { Unit } from './units.ts'

/** Where a calculator sits in a panel's menu. */
export type CalculatorCategory =
  | 'memory'
  | 'training'
  | 'inference'
  | 'serving'
  | 'evaluation'
  | 'network'
  | 'storage'

/** One figure a calculator returns, for labelling its output. */
export interface OutputInfo {
  name: string
  label: string
  /** SI unit; null for text figures such as `bound`. */
  unit: Unit | null
}

/**
 * Everything a UI needs to render a calculator as a form and run it, and (PanelInfo) how the
 * calculator panel fills it from presets, charts it and draws it in the memory bar.
 */
export interface CalculatorInfo extends PanelInfo {
  /** The function's name, e.g. 'kvCache'. */
  id: string
  title: string
  description: string
  category: CalculatorCategory
  fields: FieldInfo[]
  outputs: OutputInfo[]
  /** Runs the calculator on untrusted form values; throws CalcInputError on bad input. */
  run: (input: unknown) => AnyCalcResult
}

interface Spec<S extends z.ZodObject> extends PanelInfo {
  id: string
  title: string
  description: string
  category: CalculatorCategory
  schema: S
  fn: (input: z.input<S>) => AnyCalcResult
  outputs: OutputInfo[]
}

function entry<S extends z.ZodObject>({ schema, fn, ...spec }: Spec<S>): CalculatorInfo {
  return {
    ...spec,
    fields: describeFields(schema),
    // Safe: every calculator validates its own input, so unknown values are rejected with CalcInputError.
    run: (input) => fn(input as z.input<S>),
  }
}

const out = (name: string, label: string, unit: Unit | null): OutputInfo => ({ name, label, unit })

/**
 * All calculators, in menu order, with their input fields (label, SI unit, default, bounds)
 * and outputs, so a panel can render any of them generically.
 *
 * @example calculators.find((c) => c.id === 'kvCache')?.run({ layers: 32, kvHeads: 8, headDim: 128, bytesPerElement: 2 })
 */
export const calculators: readonly CalculatorInfo[] = [
  entry({
    id: 'weightBytes',
    title: 'Weight memory',
    description: 'Bytes to hold the model weights',
    category: 'memory',
    schema: weightBytesInput,
    fn: weightBytes,
    outputs: [out('bytes', 'Weight memory', 'bytes')],
    memoryBar: { key: 'weights', label: 'Weights', figure: 'bytes' },
  }),
  entry({
    id: 'kvCache',
    title: 'KV cache',
    description: 'Key/value cache per token and for a batch of sequences',
    category: 'memory',
    schema: kvCacheInput,
    fn: kvCache,
    outputs: [out('bytesPerToken', 'Per token', 'bytes/token'), out('bytes', 'Total', 'bytes')],
    memoryBar: { key: 'kv', label: 'KV cache', figure: 'bytes' },
  }),
  entry({
    id: 'trainingStateBytes',
    title: 'Training model states (ZeRO)',
    description: 'Weights, gradients and optimizer states per GPU with ZeRO stages 0–3',
    category: 'memory',
    schema: trainingStateBytesInput,
    fn: trainingStateBytes,
    outputs: [out('bytesPerGpu', 'Per GPU', 'bytes'), out('bytesTotal', 'All GPUs', 'bytes')],
  }),
  entry({
    id: 'activationBytes',
    title: 'Activation memory',
    description: 'Training activations per GPU (Korthikanti et al. 2022)',
    category: 'memory',
    schema: activationBytesInput,
    fn: activationBytes,
    outputs: [out('bytes', 'Activations', 'bytes')],
    memoryBar: { key: 'activations', label: 'Activations', figure: 'bytes' },
  }),
  entry({
    id: 'parallelLayout',
    title: 'Parallel layout (TP × PP × DP × EP)',
    description: 'Parameters and weight memory per GPU for a tensor, pipeline, data and expert layout',
    category: 'memory',
    schema: parallelLayoutInput,
    fn: parallelLayout,
    outputs: [
      out('gpus', 'GPUs', 'count'),
      out('paramsPerGpu', 'Parameters per GPU', 'parameters'),
      out('bytesPerGpu', 'Weights per GPU', 'bytes'),
    ],
  }),
  entry({
    id: 'kvReloadVsRecompute',
    title: 'KV offload: reload or recompute',
    description: 'Bring an offloaded KV prefix back over a link, or prefill it again',
    category: 'memory',
    schema: kvReloadVsRecomputeInput,
    fn: kvReloadVsRecompute,
    outputs: [
      out('bytes', 'KV bytes', 'bytes'),
      out('reloadSeconds', 'Reload', 's'),
      out('recomputeSeconds', 'Recompute', 's'),
      out('faster', 'Faster', null),
    ],
    presetFill: { params: 'active' },
  }),
  entry({
    id: 'trainingFlops',
    title: 'Training compute',
    description: '6·N·D, or 8·N·D with full recomputation',
    category: 'training',
    schema: trainingFlopsInput,
    fn: trainingFlops,
    outputs: [out('flops', 'Training compute', 'FLOP')],
    presetFill: { params: 'active' },
  }),
  entry({
    id: 'trainingTime',
    title: 'Training time',
    description: 'Wall-clock time at an achieved per-GPU throughput',
    category: 'training',
    schema: trainingTimeInput,
    fn: trainingTime,
    outputs: [out('seconds', 'Training time', 's')],
  }),
  entry({
    id: 'utilization',
    title: 'Model FLOPs utilization',
    description: 'Fraction of peak compute a run achieved',
    category: 'training',
    schema: utilizationInput,
    fn: utilization,
    outputs: [out('mfu', 'MFU', 'ratio')],
  }),
  entry({
    id: 'goodput',
    title: 'Goodput under failures',
    description: "Job failure interval, Young's checkpoint interval and the useful fraction of time",
    category: 'training',
    schema: goodputInput,
    fn: goodput,
    outputs: [
      out('failureIntervalSeconds', 'Failure every', 's'),
      out('checkpointIntervalSeconds', 'Checkpoint every', 's'),
      out('goodput', 'Goodput', 'ratio'),
    ],
  }),
  entry({
    id: 'loraParams',
    title: 'LoRA adapter parameters',
    description: 'Trainable parameters of rank-r adapters on a transformer (Hu et al. 2021)',
    category: 'training',
    schema: loraParamsInput,
    fn: loraParams,
    outputs: [
      out('params', 'Adapter parameters', 'parameters'),
      out('paramsPerLayer', 'Per layer', 'parameters'),
    ],
  }),
  entry({
    id: 'pipelineBubble',
    title: 'Pipeline bubble',
    description: 'Idle fraction of a 1F1B or interleaved pipeline (Megatron-LM)',
    category: 'training',
    schema: pipelineBubbleInput,
    fn: pipelineBubble,
    outputs: [
      out('bubbleFraction', 'Bubble / ideal time', 'ratio'),
      out('bubbleSeconds', 'Bubble per step', 's'),
    ],
  }),
  entry({
    id: 'chinchillaOptimal',
    title: 'Compute-optimal size (Chinchilla)',
    description: 'Parameters and tokens for a FLOP budget, C = 6·N·D with D ≈ 20·N',
    category: 'training',
    schema: chinchillaOptimalInput,
    fn: chinchillaOptimal,
    outputs: [out('params', 'Parameters', 'parameters'), out('tokens', 'Tokens', 'tokens')],
  }),
  entry({
    id: 'trainingCost',
    title: 'Training cost',
    description: 'Dollars and wall-clock time from GPU-hours',
    category: 'training',
    schema: trainingCostInput,
    fn: trainingCost,
    outputs: [out('cost', 'Cost', '$'), out('seconds', 'Wall-clock', 's')],
  }),
  entry({
    id: 'decodeStep',
    title: 'Decode step',
    description: 'Time per generated token: memory- or compute-bound',
    category: 'inference',
    schema: decodeStepInput,
    fn: decodeStep,
    outputs: [
      out('idealSeconds', 'Step time, ideal (100% of peak bandwidth)', 's'),
      out('idealTokensPerSecond', 'Tokens per second, ideal', 'tokens/s'),
      out('memoryEfficiency', 'At bandwidth efficiency', 'ratio'),
      out('seconds', 'Step time at that efficiency', 's'),
      out('tokensPerSecond', 'Tokens per second at that efficiency', 'tokens/s'),
      out('streamTokensPerSecond', 'Per sequence (one user’s stream)', 'tokens/s'),
      out('memorySeconds', 'Memory time', 's'),
      out('computeSeconds', 'Compute time', 's'),
      out('bound', 'Bound by', null),
      out('generationSeconds', 'Time to generate the tokens', 's'),
    ],
    presetFill: { params: 'active' },
    chart: { pointLabel: 'decode step', point: decodeStepPoint },
    panelDefaults: {
      memoryEfficiency: {
        value: 0.7,
        why: 'The panel assumes 0.7, what decode kernels typically reach and what interview rubrics use; the ideal (1) is shown beside it.',
      },
    },
  }),
  entry({
    id: 'prefillTime',
    title: 'Prefill time',
    description: 'Time to process a prompt',
    category: 'inference',
    schema: prefillTimeInput,
    fn: prefillTime,
    outputs: [
      out('seconds', 'Prefill time', 's'),
      out('flops', 'FLOPs (linear + attention)', 'FLOP'),
      out('attentionFlops', 'Attention FLOPs', 'FLOP'),
      out('attentionShare', 'Attention share', 'ratio'),
    ],
    presetFill: { params: 'active' },
  }),
  entry({
    id: 'speculativeDecoding',
    title: 'Speculative decoding',
    description: 'Tokens per target step and speedup (Leviathan et al. 2023)',
    category: 'inference',
    schema: speculativeDecodingInput,
    fn: speculativeDecoding,
    outputs: [out('tokensPerStep', 'Tokens per step', 'tokens'), out('speedup', 'Speedup ×', 'count')],
  }),
  entry({
    id: 'moeWeightBytesRead',
    title: 'MoE weight bytes read',
    description: 'Weights a mixture-of-experts step reads: shared part plus the experts the batch touches',
    category: 'inference',
    schema: moeWeightBytesReadInput,
    fn: moeWeightBytesRead,
    outputs: [out('bytes', 'Bytes read per step', 'bytes'), out('fraction', 'Share of all weights', 'ratio')],
  }),
  entry({
    id: 'moeExpertsTouched',
    title: 'MoE experts touched',
    description: 'Expected share of routed experts a batch uses per layer',
    category: 'inference',
    schema: moeExpertsTouchedInput,
    fn: moeExpertsTouched,
    outputs: [out('fraction', 'Share touched', 'ratio'), out('experts', 'Experts touched', 'count')],
  }),
  entry({
    id: 'criticalBatch',
    title: 'Critical batch',
    description: 'Decode batch where the GPU turns compute-bound',
    category: 'inference',
    schema: criticalBatchInput,
    fn: criticalBatch,
    outputs: [out('batch', 'Critical batch', 'count')],
  }),
  entry({
    id: 'roofline',
    title: 'Roofline',
    description: 'Attainable FLOP/s at an arithmetic intensity',
    category: 'inference',
    schema: rooflineInput,
    fn: roofline,
    outputs: [
      out('attainableFlops', 'Attainable', 'FLOP/s'),
      out('ridgeIntensity', 'Ridge point', 'FLOP/byte'),
      out('bound', 'Bound by', null),
    ],
    chart: { pointLabel: 'kernel', point: typedIntensityPoint },
  }),
  entry({
    id: 'servingFleet',
    title: 'Serving fleet',
    description: 'Replicas and GPUs for a request rate',
    category: 'serving',
    schema: servingFleetInput,
    fn: servingFleet,
    outputs: [
      out('replicas', 'Replicas', 'count'),
      out('gpus', 'GPUs', 'count'),
      out('concurrency', 'Busy replicas', 'count'),
      out('prefillConcurrency', 'Busy prefilling', 'count'),
      out('decodeConcurrency', 'Busy decoding', 'count'),
    ],
  }),
  entry({
    id: 'littleConcurrency',
    title: "Little's law",
    description: 'Requests in flight from arrival rate and latency',
    category: 'serving',
    schema: littleConcurrencyInput,
    fn: littleConcurrency,
    outputs: [out('concurrency', 'In flight', 'requests')],
  }),
  entry({
    id: 'egressBandwidth',
    title: 'Egress bandwidth',
    description: 'Outbound bytes per second',
    category: 'serving',
    schema: egressBandwidthInput,
    fn: egressBandwidth,
    outputs: [out('bytesPerSecond', 'Egress', 'bytes/s')],
  }),
  entry({
    id: 'costPerMillionTokens',
    title: 'Cost per million tokens',
    description: 'GPU rental cost per million tokens produced',
    category: 'serving',
    schema: costPerMillionTokensInput,
    fn: costPerMillionTokens,
    outputs: [
      out('costPerMillionTokens', 'Per 1M tokens', '$/1M tokens'),
      out('costPerHour', 'Per hour', '$/hour'),
    ],
  }),
  entry({
    id: 'tokenCostSplit',
    title: 'Cost per 1M input vs output tokens',
    description: 'Prompt and generated token prices from a $/GPU-hour and the two rates',
    category: 'serving',
    schema: tokenCostSplitInput,
    fn: tokenCostSplit,
    outputs: [
      out('inputCostPerMillionTokens', 'Per 1M input tokens', '$/1M tokens'),
      out('outputCostPerMillionTokens', 'Per 1M output tokens', '$/1M tokens'),
      out('costPerHour', 'Replica per hour', '$/hour'),
    ],
  }),
  entry({
    id: 'requestCost',
    title: 'Cost at per-token prices',
    description: 'Input (uncached and cached) and output tokens at per-million prices',
    category: 'serving',
    schema: requestCostInput,
    fn: requestCost,
    outputs: [out('cost', 'Cost', '$'), out('inputCost', 'Input', '$'), out('outputCost', 'Output', '$')],
  }),
  entry({
    id: 'fanOutTail',
    title: 'Fan-out tail',
    description: 'Chance a request waiting on n calls meets a slow one (The Tail at Scale)',
    category: 'serving',
    schema: fanOutTailInput,
    fn: fanOutTail,
    outputs: [out('probability', 'At least one slow', 'ratio')],
  }),
  entry({
    id: 'proportionSampleSize',
    title: 'Eval sample size',
    description: 'Independent trials per version to detect a change in a success rate',
    category: 'evaluation',
    schema: proportionSampleSizeInput,
    fn: proportionSampleSize,
    outputs: [
      out('samples', 'Trials per version', 'count'),
      out('zConfidence', 'z for the confidence', 'ratio'),
      out('zPower', 'z for the power', 'ratio'),
    ],
  }),
  entry({
    id: 'meanConfidenceInterval',
    title: 'Confidence interval of a mean',
    description: "Half-width of an eval score's interval from its spread and sample count",
    category: 'evaluation',
    schema: meanConfidenceIntervalInput,
    fn: meanConfidenceInterval,
    outputs: [out('halfWidth', 'Half-width (±)', 'ratio'), out('standardError', 'Standard error', 'ratio')],
  }),
  entry({
    id: 'powerDraw',
    title: 'Power and energy per token',
    description: 'GPU and node power, PUE, and joules per token',
    category: 'serving',
    schema: powerDrawInput,
    fn: powerDraw,
    outputs: [
      out('itWatts', 'IT power', 'W'),
      out('facilityWatts', 'Facility power', 'W'),
      out('joulesPerToken', 'Energy per token', 'J/token'),
    ],
  }),
  entry({
    id: 'collectiveTime',
    title: 'Collective time',
    description: 'All-reduce, all-gather and friends with NCCL bus bandwidth',
    category: 'network',
    schema: collectiveTimeInput,
    fn: collectiveTime,
    outputs: [out('seconds', 'Time', 's'), out('busFactor', 'Bus factor', 'ratio')],
    presetFill: { latency: 'ncclRing' },
  }),
  entry({
    id: 'transferTime',
    title: 'Transfer time',
    description: 'Latency plus bytes over bandwidth',
    category: 'network',
    schema: transferTimeInput,
    fn: transferTime,
    outputs: [out('seconds', 'Time', 's')],
    presetFill: { latency: 'hop' },
  }),
  entry({
    id: 'checkpointTime',
    title: 'Checkpoint time',
    description: 'Time to write and to restore a checkpoint',
    category: 'storage',
    schema: checkpointTimeInput,
    fn: checkpointTime,
    outputs: [out('writeSeconds', 'Write', 's'), out('restoreSeconds', 'Restore', 's')],
  }),
  entry({
    id: 'storageWithHeadroom',
    title: 'Storage with headroom',
    description: 'Capacity to provision for a target fill level',
    category: 'storage',
    schema: storageWithHeadroomInput,
    fn: storageWithHeadroom,
    outputs: [out('provisionedBytes', 'Provision', 'bytes')],
  }),
  entry({
    id: 'retainedBytes',
    title: 'Retained data',
    description: 'Bytes a store holds for a write rate, a retention window and replicas',
    category: 'storage',
    schema: retainedBytesInput,
    fn: retainedBytes,
    outputs: [out('bytesPerCopy', 'One copy', 'bytes'), out('bytes', 'All copies', 'bytes')],
  }),
  entry({
    id: 'vectorIndexBytes',
    title: 'Vector index size',
    description: 'Bytes of embeddings (flat, quantized or PQ) plus index overhead',
    category: 'storage',
    schema: vectorIndexBytesInput,
    fn: vectorIndexBytes,
    outputs: [out('bytes', 'Index size', 'bytes'), out('bytesPerVector', 'Per vector', 'bytes')],
  }),
]

/**
 * Looks a calculator up by id.
 *
 * @example calculatorById('roofline')?.title // 'Roofline'
 */
export function calculatorById(id: string): CalculatorInfo | undefined {
  return calculators.find((c) => c.id === id)
}
