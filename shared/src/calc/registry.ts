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
} from './inference.ts'
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
import { collectiveTime, collectiveTimeInput, transferTime, transferTimeInput } from './network.ts'
import { roofline, rooflineInput } from './roofline.ts'
import {
  costPerMillionTokens,
  costPerMillionTokensInput,
  egressBandwidth,
  egressBandwidthInput,
  littleConcurrency,
  littleConcurrencyInput,
  servingFleet,
  servingFleetInput,
} from './serving.ts'
import {
  checkpointTime,
  checkpointTimeInput,
  storageWithHeadroom,
  storageWithHeadroomInput,
} from './storage.ts'
import {
  trainingFlops,
  trainingFlopsInput,
  trainingTime,
  trainingTimeInput,
  utilization,
  utilizationInput,
} from './training.ts'
import type { Unit } from './units.ts'

/** Where a calculator sits in a panel's menu. */
export type CalculatorCategory = 'memory' | 'training' | 'inference' | 'serving' | 'network' | 'storage'

/** One figure a calculator returns, for labelling its output. */
export interface OutputInfo {
  name: string
  label: string
  /** SI unit; null for text figures such as `bound`. */
  unit: Unit | null
}

/** Everything a UI needs to render a calculator as a form and run it. */
export interface CalculatorInfo {
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

interface Spec<S extends z.ZodObject> {
  id: string
  title: string
  description: string
  category: CalculatorCategory
  schema: S
  fn: (input: z.input<S>) => AnyCalcResult
  outputs: OutputInfo[]
}

function entry<S extends z.ZodObject>(spec: Spec<S>): CalculatorInfo {
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    category: spec.category,
    fields: describeFields(spec.schema),
    outputs: spec.outputs,
    // Safe: every calculator validates its own input, so unknown values are rejected with CalcInputError.
    run: (input) => spec.fn(input as z.input<S>),
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
  }),
  entry({
    id: 'kvCache',
    title: 'KV cache',
    description: 'Key/value cache per token and for a batch of sequences',
    category: 'memory',
    schema: kvCacheInput,
    fn: kvCache,
    outputs: [out('bytesPerToken', 'Per token', 'bytes/token'), out('bytes', 'Total', 'bytes')],
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
  }),
  entry({
    id: 'trainingFlops',
    title: 'Training compute',
    description: '6·N·D, or 8·N·D with full recomputation',
    category: 'training',
    schema: trainingFlopsInput,
    fn: trainingFlops,
    outputs: [out('flops', 'Training compute', 'FLOP')],
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
    id: 'decodeStep',
    title: 'Decode step',
    description: 'Time per generated token: memory- or compute-bound',
    category: 'inference',
    schema: decodeStepInput,
    fn: decodeStep,
    outputs: [
      out('memorySeconds', 'Memory time', 's'),
      out('computeSeconds', 'Compute time', 's'),
      out('seconds', 'Step time', 's'),
      out('tokensPerSecond', 'Tokens per second', 'tokens/s'),
      out('bound', 'Bound by', null),
    ],
  }),
  entry({
    id: 'prefillTime',
    title: 'Prefill time',
    description: 'Time to process a prompt',
    category: 'inference',
    schema: prefillTimeInput,
    fn: prefillTime,
    outputs: [out('seconds', 'Prefill time', 's')],
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
    id: 'collectiveTime',
    title: 'Collective time',
    description: 'All-reduce, all-gather and friends with NCCL bus bandwidth',
    category: 'network',
    schema: collectiveTimeInput,
    fn: collectiveTime,
    outputs: [out('seconds', 'Time', 's'), out('busFactor', 'Bus factor', 'ratio')],
  }),
  entry({
    id: 'transferTime',
    title: 'Transfer time',
    description: 'Latency plus bytes over bandwidth',
    category: 'network',
    schema: transferTimeInput,
    fn: transferTime,
    outputs: [out('seconds', 'Time', 's')],
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
]

/**
 * Looks a calculator up by id.
 *
 * @example calculatorById('roofline')?.title // 'Roofline'
 */
export function calculatorById(id: string): CalculatorInfo | undefined {
  return calculators.find((c) => c.id === id)
}
