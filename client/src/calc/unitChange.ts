import type { CalcFieldEntry } from '@roofline/shared'
import type { Unit } from '@roofline/shared/calc'
import { parseNumber } from './fieldValue.ts'
import { formatRaw, fromSI, toSI, unitFamily, unitOption } from './unitOptions.ts'

/**
 * What choosing another unit in a field's menu does to what is typed there. One rule for every
 * menu: the digits stay and the unit says what they mean. People type the number first and
 * then pick the unit they meant ("4", then "thousand"), so keeping the quantity there turned
 * 4 thousand tokens into 0.004 thousand and the KV cache into 83.9 MB instead of 83.9 GB.
 * Where the quantity was right already (a preset's 3.35 TB/s), the field offers to convert
 * instead, with both figures spelt out, so no change of magnitude goes unseen.
 */

/** The rule, as the unit menus and the hint under a changed field state it. */
export const UNIT_RULE = 'Choosing a unit keeps the digits typed: 4, then "thousand", reads 4 thousand'

/**
 * The field's entry after choosing unit `next` in its menu: the same digits in the new unit.
 *
 * @example changeUnit({ raw: '4', unit: 'token' }, 'ktoken') // { raw: '4', unit: 'ktoken' }
 */
export function changeUnit(entry: CalcFieldEntry, next: string): CalcFieldEntry {
  return { raw: entry.raw, unit: next }
}

/**
 * The same quantity in unit `next`: 80 GB becomes 74.5058059692 GiB. Text that is not a number
 * is left as it is.
 *
 * @example convertEntry('bytes', { raw: '80', unit: 'GB' }, 'GiB') // { raw: '74.5058059692', unit: 'GiB' }
 */
export function convertEntry(unit: Unit | null, entry: CalcFieldEntry, next: string): CalcFieldEntry {
  const typed = parseNumber(entry.raw)
  const from = entry.unit || unitFamily(unit).defaultId
  const raw =
    typed === null || !Number.isFinite(typed)
      ? entry.raw
      : formatRaw(fromSI(toSI(typed, unit, from), unit, next))
  return { raw, unit: next }
}

/** What a unit change did, for the hint under the field: both readings and the factor between them. */
export interface UnitChangeNote {
  before: CalcFieldEntry
  after: CalcFieldEntry
  /** e.g. '4 tokens → 4 thousand: 1,000× more' */
  text: string
}

/**
 * The hint after a unit change that moved the quantity, or null when it did not (empty field,
 * not a number, same unit).
 *
 * @example unitChangeNote('tokens', { raw: '4', unit: 'token' }, { raw: '4', unit: 'ktoken' })?.text // '4 tokens → 4 thousand: 1,000× more'
 */
export function unitChangeNote(
  unit: Unit | null,
  before: CalcFieldEntry,
  after: CalcFieldEntry,
): UnitChangeNote | null {
  const typed = parseNumber(before.raw)
  const from = before.unit || unitFamily(unit).defaultId
  if (typed === null || typed === 0 || !Number.isFinite(typed) || from === after.unit) return null
  const factor = toSI(1, unit, after.unit) / toSI(1, unit, from)
  const label = (id: string) => unitOption(unit, id)?.label ?? id
  const size = factor >= 1 ? `${round(factor)}× more` : `${round(1 / factor)}× less`
  const text = `${before.raw.trim()} ${label(from)} → ${after.raw.trim()} ${label(after.unit)}: ${size}`
  return { before: { raw: before.raw, unit: from }, after, text }
}

const round = (n: number) => Number(n.toPrecision(3)).toLocaleString('en-US')
