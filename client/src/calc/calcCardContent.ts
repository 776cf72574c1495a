import {
  type CalcCardInput,
  type CalcCardProps,
  type CalcFieldEntry,
  calcCardPropsSchema,
  freeformCalculatorId,
} from '@roofline/shared'
import type { CalculatorInfo, FieldInfo } from '@roofline/shared/calc'
import type { LinkSource } from './calcLinks.ts'
import type { CalculatorEvaluation } from './evaluateCalculator.ts'
import { formatFigure } from './formatFigure.ts'
import { unitOption } from './unitOptions.ts'

/**
 * What a pinned card says: built from the same evaluation the panel shows, so the card and
 * the panel cannot disagree, and cut to the card schema's limits.
 */

/** Card width on the board; the height follows from the content. */
export const CALC_CARD_WIDTH = 340

/** A field's entry as the card prints it, e.g. '80 GiB' or '8 thousand tokens'. */
function inputText(field: FieldInfo, entry: CalcFieldEntry): string {
  const label = unitOption(field.unit, entry.unit)?.label ?? ''
  return label ? `${entry.raw.trim()} ${label}` : entry.raw.trim()
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/**
 * Card props for a calculator result.
 *
 * @example calculatorCard(kvCache, entries, evaluation, 'Ben').figures[1] // { label: 'Total', text: '42.9 GB' }
 */
export function calculatorCard(
  calculator: CalculatorInfo,
  entries: Readonly<Record<string, CalcFieldEntry>>,
  evaluation: CalculatorEvaluation,
  pinnedBy: string,
  sources: Readonly<Record<string, LinkSource>> = {},
): CalcCardProps {
  const result = evaluation.result
  const inputs: CalcCardInput[] = calculator.fields.flatMap((field) => {
    const entry = entries[field.name]
    if (!entry || entry.raw.trim() === '') return []
    return [
      {
        name: field.name,
        label: clip(field.label, 120),
        raw: clip(entry.raw, 200),
        unit: clip(entry.unit, 32),
        // A linked input says where it came from, as the panel's derivation does.
        text: clip(
          `${inputText(field, entry)}${sources[field.name] ? ` from ${sources[field.name]?.calculatorTitle}` : ''}`,
          240,
        ),
      },
    ]
  })
  const steps = (result?.steps ?? []).slice(0, 16).map((step) => ({
    label: clip(step.label, 160),
    formula: clip(step.formula, 240),
    substituted: clip(step.substituted, 400),
    result: clip(formatFigure(step.value, step.unit), 80),
  }))
  const figures = calculator.outputs.flatMap((output) => {
    const value = result?.[output.name]
    if (typeof value !== 'number' && typeof value !== 'string') return []
    return [{ label: clip(output.label, 120), text: clip(formatFigure(value, output.unit), 120) }]
  })
  return sized({
    calculatorId: calculator.id,
    title: clip(calculator.title, 120),
    inputs,
    steps,
    figures,
    pinnedBy: clip(pinnedBy, 80),
  })
}

/** Card props for a free-form line and its result. */
export function freeformCard(expression: string, resultText: string, pinnedBy: string): CalcCardProps {
  return sized({
    calculatorId: freeformCalculatorId,
    title: 'Free-form',
    inputs: [
      {
        name: 'expression',
        label: 'Expression',
        raw: clip(expression, 200),
        unit: '',
        text: clip(expression, 240),
      },
    ],
    steps: [],
    figures: [{ label: 'Result', text: clip(resultText, 120) }],
    pinnedBy: clip(pinnedBy, 80),
  })
}

// Rough text metrics of the card's CSS (12px sans, 11px mono) at CALC_CARD_WIDTH, so a new card
// opens at about the height of its content; the card can be resized on the board.
const CHARS_PER_LINE = 52
const lines = (text: string) => Math.max(1, Math.ceil(text.length / CHARS_PER_LINE))

/** Adds the size to card content and checks it against the shared schema. */
export function sized(content: Omit<CalcCardProps, 'w' | 'h'>): CalcCardProps {
  let h = 48 + 22 // header, footer
  h += content.inputs.reduce((sum, i) => sum + 17 * lines(`${i.label} ${i.text}`), 0) + 10
  h += content.steps.reduce(
    (sum, s) =>
      sum + 16 * (lines(s.label) + lines(s.formula) + lines(`= ${s.substituted} = ${s.result}`)) + 6,
    0,
  )
  h += content.figures.length * 24 + 12
  return calcCardPropsSchema.parse({ ...content, w: CALC_CARD_WIDTH, h: Math.min(Math.round(h), 2000) })
}
