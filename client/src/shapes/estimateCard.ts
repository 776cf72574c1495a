import type { CalcCardProps } from '@roofline/shared'
import { formatQuantity } from '@roofline/shared/calc'
import { modelById } from '@roofline/shared/presets'
import type { EstimateSummary, HardwareTotals, SelectionEstimate } from '@roofline/shared/shapes'
import { sized } from '../calc/calcCardContent.ts'

/** Calculator id of a pinned estimate: not a panel calculator, so the card has no "Open in panel". */
export const estimateCardId = 'estimate'

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)
const input = (name: string, label: string, text: string) => ({
  name,
  label,
  raw: clip(text, 200),
  unit: '',
  text: clip(text, 240),
})
const bytes = (n: number) => formatQuantity(n, 'bytes')
const count = (n: number) => n.toLocaleString('en-US')

/** The derivation: one replica's memory, its decode step, and the fleet's rate. */
function steps(estimate: SelectionEstimate, summary: EstimateSummary) {
  const { memory, decode, fleet, layout, question } = estimate
  const out: CalcCardProps['steps'] = []
  if (memory) {
    out.push({
      label: 'Memory of one replica',
      formula: 'weights + KV cache',
      substituted: `${bytes(memory.weightBytes)} + ${bytes(memory.kvBytes)}`,
      result: bytes(memory.neededBytes),
    })
  }
  const decodeLine = summary.replica.find((l) => l.id === 'decode')
  const fleetLine = summary.fleet.find((l) => l.id === 'decode')
  if (decode && fleet && layout && decodeLine && fleetLine) {
    const stepText = formatQuantity(decode.stepSeconds, 's')
    out.push(
      decode.bound === 'memory'
        ? {
            label: `Decode step of one replica, at ${Math.round(decode.memoryEfficiency * 100)}% of peak HBM`,
            formula: '(weights read + KV / PP) / (TP GPUs’ HBM bandwidth · efficiency)',
            substituted: `(${bytes(decode.weightBytesRead)} + ${bytes(decode.kvBytesRead)}) / (${formatQuantity(decode.memBandwidth, 'bytes/s')} · ${decode.memoryEfficiency})`,
            result: stepText,
          }
        : {
            label: 'Decode step of one replica (compute-bound)',
            formula: '2 · active parameters · batch / replica peak FLOP/s',
            substituted: `2 · ${formatQuantity(modelById(question.modelId)?.activeParams ?? 0, 'parameters')} · ${question.batch} / ${formatQuantity(estimate.replicaPeakFlops ?? 0, 'FLOP/s')}`,
            result: stepText,
          },
      {
        label: 'Fleet decode',
        formula: 'replicas · batch / step',
        substituted: `${count(fleet.replicas)} · ${count(question.batch)} / ${stepText}`,
        result: fleetLine.value,
      },
    )
  }
  return out
}

/**
 * The estimate of a selection as a calc-card: the hardware, the replica layout, the question,
 * the bandwidth efficiency and every caveat as inputs; the memory and decode derivation as
 * steps; one replica's figures and the fleet's as figures.
 *
 * @example estimateCard(totals, estimate, summarizeEstimate(estimate), 'Ana').title
 * // 'Llama 3 70B on 2,400 GPUs'
 */
export function estimateCard(
  totals: HardwareTotals,
  estimate: SelectionEstimate,
  summary: EstimateSummary,
  pinnedBy: string,
): CalcCardProps {
  const q = estimate.question
  const gpuNames = totals.byGpu.map((g) => `${count(g.gpus)} × ${g.name}`).join(' + ')
  const line = (scope: 'replica' | 'fleet', id: string) => summary[scope].find((l) => l.id === id)
  const figures = [
    ...(summary.fit
      ? [
          {
            label: summary.fits ? 'Fits one replica' : 'Does not fit one replica',
            text: summary.fit.replace(/^[^:]*: /, ''),
          },
        ]
      : []),
    ...[
      ['replica', 'decode', '1 replica'],
      ['replica', 'ideal', '1 replica'],
      ['replica', 'weights', '1 replica'],
      ['replica', 'prefill', '1 replica'],
      ['fleet', 'decode', 'Fleet'],
      ['fleet', 'ideal', 'Fleet'],
      ['fleet', 'prefill', 'Fleet'],
    ].flatMap(([scope, id, prefix]) => {
      const found = line(scope as 'replica' | 'fleet', id as string)
      return found ? [{ label: `${prefix}: ${found.label}`, text: found.value }] : []
    }),
  ]
  return sized({
    calculatorId: estimateCardId,
    title: clip(`${estimate.modelName} on ${count(totals.gpus)} GPUs`, 120),
    inputs: [
      input('gpus', 'GPUs', gpuNames || String(totals.gpus)),
      ...(summary.replicaHeading
        ? [input('replica', 'Replica', summary.replicaHeading.replace(/^One replica: /, ''))]
        : []),
      ...(summary.fleetHeading
        ? [input('fleet', 'Fleet', summary.fleetHeading.replace(/^Fleet: /, ''))]
        : []),
      input('precision', 'Precision', q.precision.toUpperCase()),
      input('batch', 'Batch × context', `${count(q.batch)} a replica × ${count(q.contextTokens)} tokens`),
      input(
        'efficiency',
        'HBM efficiency',
        `${Math.round(q.memoryEfficiency * 100)}% of peak (ideal 100% shown too)`,
      ),
      ...(summary.unavailable ? [input('unavailable', 'Not estimated', summary.unavailable)] : []),
      ...summary.caveats.slice(0, 16).map((caveat, i) => input(`caveat-${i + 1}`, 'Caveat', caveat)),
    ],
    steps: steps(estimate, summary).map((s) => ({
      label: clip(s.label, 160),
      formula: clip(s.formula, 240),
      substituted: clip(s.substituted, 400),
      result: clip(s.result, 80),
    })),
    figures: figures.slice(0, 8).map((f) => ({ label: clip(f.label, 120), text: clip(f.text, 120) })),
    pinnedBy: clip(pinnedBy, 80),
  })
}
