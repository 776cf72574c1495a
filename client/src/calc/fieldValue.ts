import type { CalcFieldEntry } from '@roofline/shared'
import type { FieldInfo } from '@roofline/shared/calc'
import { formatRaw, fromSI, toSI, unitFamily, unitOption } from './unitOptions.ts'

/**
 * Reading one calculator input: the raw text someone typed (here or in another browser, through
 * the shared document) and the unit chosen next to it, turned into the calculator's SI value or
 * into a message for the field. Nothing here lets NaN or Infinity through.
 */

/** What one field holds. */
export type FieldValue =
  | { kind: 'empty' }
  | { kind: 'ok'; value: number | string | boolean }
  | { kind: 'error'; message: string }

/** Longest input text accepted; anything longer is a paste accident. */
export const MAX_RAW_LENGTH = 200

// Digits with an optional fraction and exponent: "80", "3.35", ".5", "7e10", "1.2E-3".
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i
// Separators people type for readability: 1,000,000 · 1_000_000 · 1 000 000 (incl. thin spaces).
const SEPARATORS = /[,_\s\u2009\u202f]/g

/**
 * Parses a typed number, allowing thousands separators; null if it is not one.
 *
 * @example parseNumber('1,048,576') // 1048576
 * @example parseNumber('12abc') // null
 */
export function parseNumber(raw: string): number | null {
  const compact = raw.trim().replace(SEPARATORS, '')
  if (!NUMBER.test(compact)) return null
  return Number(compact)
}

/**
 * Checks one field's entry against the field's kind, unit and bounds, and converts it to SI.
 * Messages say what to do, in the unit the person chose.
 *
 * @example readField(layersField, { raw: '-3', unit: '' }) // { kind: 'error', message: 'Must be more than zero' }
 */
export function readField(field: FieldInfo, entry: CalcFieldEntry | undefined): FieldValue {
  const raw = entry?.raw.trim() ?? ''
  if (raw === '') return { kind: 'empty' }
  if (raw.length > MAX_RAW_LENGTH) return { kind: 'error', message: 'Too long to be a value' }

  if (field.kind === 'choice') {
    return field.options?.includes(raw)
      ? { kind: 'ok', value: raw }
      : { kind: 'error', message: `Choose one of ${field.options?.join(', ') ?? 'the options'}` }
  }
  if (field.kind === 'flag') {
    if (raw === 'true' || raw === 'false') return { kind: 'ok', value: raw === 'true' }
    return { kind: 'error', message: 'Must be yes or no' }
  }

  const family = unitFamily(field.unit)
  const unitId = entry?.unit || family.defaultId
  const option = unitOption(field.unit, unitId)
  if (!option) return { kind: 'error', message: `Unknown unit "${unitId.slice(0, 32)}"` }

  const typed = parseNumber(raw)
  if (typed === null) return { kind: 'error', message: 'Not a number: type digits, e.g. 80 or 3.35e12' }
  if (!Number.isFinite(typed)) return { kind: 'error', message: 'Too large to be a value' }

  const min = field.min ?? 0
  const max = field.max ?? Number.MAX_VALUE
  if (typed < 0)
    return { kind: 'error', message: min === 0 ? 'Cannot be negative' : 'Must be more than zero' }
  if (typed === 0 && min > 0) return { kind: 'error', message: 'Must be more than zero' }

  const si = toSIRounded(typed, field, unitId)
  const shown = (v: number) =>
    `${formatRaw(fromSI(v, field.unit, unitId))}${option.label ? ` ${option.label}` : ''}`
  if (field.below !== undefined && si >= field.below) {
    return { kind: 'error', message: `Must be below ${shown(field.below)}` }
  }
  if (!Number.isFinite(si) || (field.below === undefined && si > max)) {
    return { kind: 'error', message: `Too large: at most ${shown(max)}. Check the unit` }
  }
  if (si < min) return { kind: 'error', message: `Too small: at least ${shown(min)}` }
  if (field.kind === 'integer' && !Number.isInteger(si)) {
    return { kind: 'error', message: 'Must be a whole number' }
  }
  return { kind: 'ok', value: si }
}

/**
 * Converts to SI and drops floating-point noise, so 4.1 thousand tokens is the integer 4100
 * and not 4099.999999999999.
 */
function toSIRounded(value: number, field: FieldInfo, unitId: string): number {
  const si = toSI(value, field.unit, unitId)
  return Number.isFinite(si) ? Number(si.toPrecision(15)) : si
}
