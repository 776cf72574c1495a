import { formatQuantity } from '../calc/index.ts'
import type { SelectionEstimate } from './replicaEstimate.ts'

/** One figure as text, e.g. { id: 'decode', label: 'Decode at 70% HBM', value: '130 tokens/s' }. */
export interface EstimateLine {
  id: 'decode' | 'ideal' | 'step' | 'weights' | 'prefill' | 'streams'
  label: string
  value: string
}

/** A selection estimate in words and figures, the same for the panel and the pinned card. */
export interface EstimateSummary {
  /** 'One replica: TP 8, 8 × H100 SXM5 80GB'; null without GPUs. */
  replicaHeading: string | null
  /** 'Fleet: 300 replicas, 2,400 GPUs', '(assumed)' when no server gave the layout; null without GPUs. */
  fleetHeading: string | null
  /** 'Fits one replica: …' or 'Does not fit one replica: …'; null without GPUs. */
  fit: string | null
  fits: boolean
  /** weights + KV, with the batch and context. */
  memory: string | null
  replica: EstimateLine[]
  fleet: EstimateLine[]
  /** Why there are no speed figures; null when there are. */
  unavailable: string | null
  /** Every assumption and omission behind the figures. */
  caveats: string[]
}

const count = (n: number) => n.toLocaleString('en-US')
const bytes = (n: number) => formatQuantity(n, 'bytes')
const seconds = (n: number) => formatQuantity(n, 's')

/**
 * A token rate as people read it: whole tokens with separators, three significant digits below
 * 100 or from a million up.
 *
 * @example tokenRate(39_140.6) // '39,141 tokens/s'
 * @example tokenRate(2.346e7) // '23.5 M tokens/s'
 */
export function tokenRate(n: number): string {
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(3))} M tokens/s`
  if (n < 100) return `${Number(n.toPrecision(3))} tokens/s`
  return `${count(Math.round(n))} tokens/s`
}

/**
 * The words and figures of an estimate: one replica's and the fleet's, the fit, why a figure
 * is missing, and every caveat.
 *
 * @example summarizeEstimate(costReductionEstimate).fleet[0]
 * // { id: 'decode', label: 'Decode at 70% HBM', value: '39,141 tokens/s' }
 */
export function summarizeEstimate(estimate: SelectionEstimate): EstimateSummary {
  const { layout, memory, decode, fleet, question } = estimate
  const summary: EstimateSummary = {
    replicaHeading: null,
    fleetHeading: null,
    fit: null,
    fits: memory?.fits ?? false,
    memory: null,
    replica: [],
    fleet: [],
    unavailable: estimate.unavailable,
    caveats: estimate.caveats,
  }
  if (layout) {
    const tp = `TP ${layout.tensorParallel}${layout.pipelineParallel > 1 ? ` × PP ${layout.pipelineParallel}` : ''}`
    summary.replicaHeading = `One replica: ${tp}, ${layout.gpusPerReplica} × ${layout.gpu.name}`
    summary.fleetHeading = `Fleet: ${count(layout.replicas)} replica${layout.replicas === 1 ? '' : 's'}, ${count(layout.replicas * layout.gpusPerReplica)} GPUs${layout.source === 'assumed' ? ' (assumed)' : ''}`
  }
  if (memory) {
    summary.fit = `${memory.fits ? 'Fits' : 'Does not fit'} one replica: ${bytes(memory.neededBytes)} of ${bytes(memory.hbmBytes)} (${Math.round(memory.hbmShare * 100)}%)`
    summary.memory = `weights ${bytes(memory.weightBytes)} + KV ${bytes(memory.kvBytes)} (${count(question.batch)} × ${count(question.contextTokens)} tokens), ${bytes(memory.perGpuBytes)} a GPU`
  }
  if (decode && fleet && estimate.prefillSeconds !== null) {
    const atEfficiency = `Decode at ${Math.round(decode.memoryEfficiency * 100)}% HBM`
    const prefill = `Prefill, ${count(question.contextTokens)} tokens`
    summary.replica.push(
      { id: 'decode', label: atEfficiency, value: tokenRate(decode.tokensPerSecond) },
      { id: 'ideal', label: 'Ideal (100% HBM)', value: tokenRate(decode.idealTokensPerSecond) },
      {
        id: 'step',
        label: `Step, ${decode.bound}-bound`,
        value: `${seconds(decode.stepSeconds)} · ideal ${seconds(decode.idealStepSeconds)}`,
      },
      { id: 'weights', label: 'Weights read a step', value: bytes(decode.weightBytesRead) },
      { id: 'prefill', label: prefill, value: seconds(estimate.prefillSeconds) },
    )
    summary.fleet.push(
      { id: 'decode', label: atEfficiency, value: tokenRate(fleet.tokensPerSecond) },
      { id: 'ideal', label: 'Ideal (100% HBM)', value: tokenRate(fleet.idealTokensPerSecond) },
      { id: 'streams', label: 'Streams at once', value: count(fleet.sequences) },
      { id: 'prefill', label: 'Prefill, all replicas', value: tokenRate(fleet.prefillTokensPerSecond) },
    )
  }
  return summary
}
