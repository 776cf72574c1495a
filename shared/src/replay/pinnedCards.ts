import * as Y from 'yjs'
import { calcCardShapeType } from '../shapes/calcCard.ts'
import type { ReplayLogEntry } from './recording.ts'

/** A calculator result pinned to the board (a calc-card shape), when it first appeared. */
export interface PinnedCard {
  /** The shape's record id. */
  id: string
  /** Server time of the update that created it. */
  at: number
  seq: number
  title: string
  pinnedBy: string
  /** Its figures as last written, e.g. [{ label: 'Total', text: '10.7 GB' }]. */
  figures: Array<{ label: string; text: string }>
}

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
  const pins = new Map<string, PinnedCard>()
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
          figures: Array.isArray(props.figures)
            ? (props.figures as Array<{ label?: unknown; text?: unknown }>)
                .filter((f) => typeof f?.label === 'string' && typeof f.text === 'string')
                .map((f) => ({ label: String(f.label), text: String(f.text) }))
            : [],
        })
      }
    }
  }
  return [...pins.values()].sort((a, b) => a.at - b.at || a.seq - b.seq)
}
