import { z } from 'zod'

/**
 * What every card pinned to the board (a calculation, a simulation run) shares in its props: a
 * size, one-line figures, and who pinned it, around the card's own fields. Caps keep one card,
 * which every participant receives and the recording keeps, small.
 */

/** A text field of a pinned card, at most `max` characters. */
export const cardLine = (max: number) => z.string().max(max)

/** One headline figure of a card, formatted with its unit, e.g. { label: 'Total', text: '10.7 GB' }. */
export const cardFigureSchema = (max: number) => z.strictObject({ label: cardLine(max), text: cardLine(max) })

const size = z.number().min(1).max(10_000)

/**
 * The props schema of a pinned card: its size (`w`, `h`), then its own `fields`, then
 * `pinnedBy`, the name of the participant who pinned it.
 */
export function pinnedCardPropsSchema<Fields extends z.ZodRawShape>(fields: Fields) {
  return z.strictObject({ w: size, h: size, ...fields, pinnedBy: cardLine(80) })
}
