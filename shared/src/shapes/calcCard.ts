import { z } from 'zod'
import type { PropsMigrationStep } from './migrations.ts'
import { cardFigureSchema, cardLine as line, pinnedCardPropsSchema } from './pinnedCard.ts'

/**
 * The calc-card shape: a calculator result pinned to the board (title, inputs, the derivation,
 * the result). Its props are validated by this schema wherever the board is read, and every
 * change to them gets a named migration step below, so old recordings keep loading.
 */

/** tldraw shape type of a pinned calculator result. */
export const calcCardShapeType = 'calc-card'

/** Calculator id the panel uses for its free-form expression line. */
export const freeformCalculatorId = 'freeform'

// Caps keep one card, which every participant receives and the recording keeps, a few kB.

/** One input as the card shows it, and as "Open in panel" loads it back. */
export const calcCardInputSchema = z.strictObject({
  /** Field name in the calculator's input schema, e.g. 'layers'. */
  name: line(64),
  label: line(120),
  /** Exactly what was typed. */
  raw: line(200),
  /** The unit chosen next to it (the panel's unit id, e.g. 'GiB'); '' for plain numbers. */
  unit: line(32),
  /** The value with its unit as the card prints it, e.g. '80 GiB'. */
  text: line(240),
})
export type CalcCardInput = z.infer<typeof calcCardInputSchema>

/** One step of the derivation: formula, values put in, result. */
export const calcCardStepSchema = z.strictObject({
  label: line(160),
  formula: line(240),
  substituted: line(400),
  result: line(80),
})
export type CalcCardStep = z.infer<typeof calcCardStepSchema>

/** Bounds of the card's title and figures. */
const caps = { title: 120, figure: 120, figures: 8 }

/** One figure of the result, formatted with its unit, e.g. { label: 'Total', text: '10.7 GB' }. */
export const calcCardFigureSchema = cardFigureSchema(caps.figure)
export type CalcCardFigure = z.infer<typeof calcCardFigureSchema>

/** Props of a calc-card shape. */
export const calcCardPropsSchema = pinnedCardPropsSchema(caps, {
  /** Registry id of the calculator (e.g. 'kvCache'), or {@link freeformCalculatorId}. */
  calculatorId: line(64),
  inputs: z.array(calcCardInputSchema).max(24),
  steps: z.array(calcCardStepSchema).max(16),
})
export type CalcCardProps = z.infer<typeof calcCardPropsSchema>

/**
 * Named migration steps of the calc-card props, oldest first; step `i` is tldraw version `i + 1`
 * (the convention of migrations.ts). The props above are the card's first shape, so there is no
 * step yet: a change to them appends one here, and no step is ever removed or reordered.
 */
export const calcCardMigrations: readonly PropsMigrationStep[] = []
