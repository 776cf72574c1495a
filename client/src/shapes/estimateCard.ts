import type { CalcCardProps } from '@roofline/shared'
import { formatQuantity } from '@roofline/shared/calc'
import type { HardwareTotals, ModelFit, ModelFitQuestion } from '@roofline/shared/shapes'
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

/**
 * The estimate of a selection as a calc-card: the hardware and the question as inputs, the
 * memory sum as the derivation, the verdict, decode rate and prefill time as figures.
 *
 * @example estimateCard(totals, { modelId: 'llama-3-70b', precision: 'bf16', batch: 32, contextTokens: 8192 }, fit, 'Ana').title
 * // 'Llama 3 70B on 32 GPUs'
 */
export function estimateCard(
  totals: HardwareTotals,
  question: ModelFitQuestion,
  fit: ModelFit,
  pinnedBy: string,
): CalcCardProps {
  const bytes = (n: number) => formatQuantity(n, 'bytes')
  const gpuNames = totals.byGpu.map((g) => `${g.gpus} × ${g.name}`).join(' + ')
  const figures = [
    {
      label: fit.fits ? 'Fits' : 'Does not fit',
      text: `${bytes(fit.neededBytes)} of ${bytes(fit.hbmBytes)}`,
    },
    ...(fit.decode
      ? [
          {
            label: `Decode, ${fit.decode.bound}-bound`,
            text: `${Math.round(fit.decode.tokensPerSecond).toLocaleString('en-US')} tokens/s`,
          },
        ]
      : []),
    ...(fit.prefillSeconds !== null
      ? [{ label: 'Prefill', text: formatQuantity(fit.prefillSeconds, 's') }]
      : []),
  ]
  return sized({
    calculatorId: estimateCardId,
    title: clip(`${fit.modelName} on ${totals.gpus.toLocaleString('en-US')} GPUs`, 120),
    inputs: [
      input('gpus', 'GPUs', gpuNames || String(totals.gpus)),
      input('hbm', 'HBM', bytes(totals.hbmBytes)),
      input('precision', 'Precision', question.precision.toUpperCase()),
      input('batch', 'Batch × context', `${question.batch} × ${question.contextTokens} tokens`),
    ],
    steps: [
      {
        label: 'Memory needed',
        formula: 'weights + KV cache',
        substituted: clip(`${bytes(fit.weightBytes)} + ${bytes(fit.kvBytes)}`, 400),
        result: clip(bytes(fit.neededBytes), 80),
      },
    ],
    figures: figures.map((f) => ({ label: clip(f.label, 120), text: clip(f.text, 120) })),
    pinnedBy: clip(pinnedBy, 80),
  })
}
