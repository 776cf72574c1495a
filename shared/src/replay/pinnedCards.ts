import * as Y from 'yjs'
import { z } from 'zod'
import { calcCardShapeType, calcCardStepSchema } from '../shapes/calcCard.ts'
import type { ReplayLogEntry } from './recording.ts'

/** A calculator result pinned to the board (a calc-card shape), when it first appeared. */
export const pinnedCardSchema = z.strictObject({
  /** The shape's record id. */
  id: z.string().max(200),
  /** Server time of the update that created it. */
  at: z.number(),
  seq: z.number().int(),
  title: z.string().max(2000),
  pinnedBy: z.string().max(200),
  /** Its figures as last written, e.g. [{ label: 'Total', text: '10.7 GB' }]. */
  figures: z.array(z.strictObject({ label: z.string().max(2000), text: z.string().max(2000) })).max(200),
  /** The inputs behind it, each with its unit as the card prints it, e.g. { label: 'Layers', text: '80' }. */
  inputs: z
    .array(z.strictObject({ label: z.string().max(2000), text: z.string().max(2000) }))
    .max(200)
    .default([]),
  /** The derivation, one step a line: formula, values put in, result. */
  steps: z.array(calcCardStepSchema).max(200).default([]),
})
/** A calculator result pinned to the board, when it first appeared. */
export type PinnedCard = z.infer<typeof pinnedCardSchema>

interface ShapeEntry {
  key?: unknown
  val?: { typeName?: unknown; type?: unknown; id?: unknown; props?: Record<string, unknown> }
}

/**
 * Finds every calc-card shape in a board log without building the document: each update is
 * decoded and its inserted record entries are read (tldraw records live as `{key, val}`
 * entries of the records array, and each change of a record inserts it anew). A card counts
 * from its first appearance; its title and figures are the latest seen.
 *
 * @example findPinnedCards(recording.log).map((pin) => pin.title) // ['KV cache per token']
 */
export function findPinnedCards(log: readonly ReplayLogEntry[]): PinnedCard[] {
  return new PinCollector().add(log).pins()
}

/**
 * {@link findPinnedCards} over a log read page by page: `add` each page in order, then `pins`.
 *
 * @example
 * const collector = new PinCollector()
 * for (const page of pages) collector.add(page)
 * collector.pins()
 */
export class PinCollector {
  readonly #pins = new Map<string, PinnedCard>()

  /** Reads the calc cards of the next entries of the log. */
  add(log: readonly ReplayLogEntry[]): this {
    addPins(this.#pins, log)
    return this
  }

  /** Every card found so far, by first appearance. */
  pins(): PinnedCard[] {
    return [...this.#pins.values()].sort((a, b) => a.at - b.at || a.seq - b.seq)
  }
}

/** The `{label, text}` entries of a card's list (figures, inputs), skipping malformed ones. */
function labelledTexts(list: unknown): Array<{ label: string; text: string }> {
  if (!Array.isArray(list)) return []
  return (list as Array<{ label?: unknown; text?: unknown }>)
    .filter((f) => typeof f?.label === 'string' && typeof f.text === 'string')
    .map((f) => ({ label: String(f.label), text: String(f.text) }))
}

function addPins(pins: Map<string, PinnedCard>, log: readonly ReplayLogEntry[]): void {
  for (const entry of log) {
    let structs: ReturnType<typeof Y.decodeUpdate>['structs']
    try {
      structs = Y.decodeUpdate(entry.update).structs
    } catch {
      continue
    }
    for (const struct of structs) {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue
      for (const value of struct.content.arr as ShapeEntry[]) {
        const record = value?.val
        if (record?.typeName !== 'shape' || record.type !== calcCardShapeType) continue
        if (typeof record.id !== 'string') continue
        const props = record.props ?? {}
        const known = pins.get(record.id)
        pins.set(record.id, {
          id: record.id,
          at: known?.at ?? entry.at,
          seq: known?.seq ?? entry.seq,
          title: typeof props.title === 'string' ? props.title : 'Calculation',
          pinnedBy: typeof props.pinnedBy === 'string' ? props.pinnedBy : '',
          figures: labelledTexts(props.figures),
          inputs: labelledTexts(props.inputs),
          steps: Array.isArray(props.steps)
            ? props.steps.flatMap((step) => {
                const parsed = calcCardStepSchema.safeParse(step)
                return parsed.success ? [parsed.data] : []
              })
            : [],
        })
      }
    }
  }
}
