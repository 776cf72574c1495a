import { z } from 'zod'

/**
 * What every card pinned to the board (a calculation, a simulation run) shares in its props: a
 * size, a title, one-line figures, and who pinned it, around the card's own fields. Caps keep one card,
 * which every participant receives and the recording keeps, small.
 */

/** A text field of a pinned card, at most `max` characters. */
export const cardLine = (max: number) => z.string().max(max)

/** One headline figure of a card, formatted with its unit, e.g. { label: 'Total', text: '10.7 GB' }. */
export const cardFigureSchema = (max: number) => z.strictObject({ label: cardLine(max), text: cardLine(max) })

const size = z.number().min(1).max(10_000)

/** How long a card's title and each of its figures may be, and how many figures it holds. */
export interface PinnedCardCaps {
  title: number
  figure: number
  figures: number
}

/**
 * The props schema of a pinned card: its size (`w`, `h`), its `title`, its own `fields`, its
 * headline `figures` and `pinnedBy`, the name of the participant who pinned it; `caps` bound
 * the title and figures.
 */
export function pinnedCardPropsSchema<Fields extends z.ZodRawShape>(caps: PinnedCardCaps, fields: Fields) {
  return z.strictObject({
    w: size,
    h: size,
    title: cardLine(caps.title),
    ...fields,
    figures: z.array(cardFigureSchema(caps.figure)).max(caps.figures),
    pinnedBy: cardLine(80),
  })
}
