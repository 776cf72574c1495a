import { formatQuantity, type Unit } from '@roofline/shared/calc'
import { convertUnit } from './mathInstance.ts'

/**
 * The units a person can type a calculator input in, per SI unit of the field. Every
 * conversion goes through mathjs (`convertUnit`); this module only says which units to offer,
 * how to label them, and which convention each follows (decimal GB = 10⁹ B, binary GiB = 2³⁰ B,
 * or bits).
 */

/** How a unit counts: decimal SI prefixes, binary (IEC) prefixes, bits, or neither. */
export type UnitSystem = 'decimal' | 'binary' | 'bits' | 'plain'

/** One choice in a field's unit menu. */
export interface UnitOption {
  /** mathjs unit text, also what the shared document stores, e.g. 'GiB', 'Gb/s', 'us'. */
  id: string
  /** What the menu shows, e.g. 'GiB', 'µs', 'billion'. */
  label: string
  system: UnitSystem
}

/** The units offered for one SI unit, and the mathjs unit its SI values are in. */
export interface UnitFamily {
  /** mathjs text of the SI unit ('' for plain numbers, which need no conversion). */
  base: string
  options: readonly UnitOption[]
  /** The option a new field starts with. */
  defaultId: string
}

const opt = (id: string, system: UnitSystem, label = id): UnitOption => ({ id, label, system })

/** The same byte units, each followed by `per` (e.g. '/req'). */
function byteOptions(per: string): UnitOption[] {
  return [
    opt(`B${per}`, 'plain', 'B'),
    opt(`kB${per}`, 'decimal', 'kB'),
    opt(`KiB${per}`, 'binary', 'KiB'),
    opt(`MB${per}`, 'decimal', 'MB'),
    opt(`MiB${per}`, 'binary', 'MiB'),
  ]
}

/** Counted things with word multipliers: "70 billion" params reads better than "70 G". */
function countOptions(unit: string, plural: string): UnitOption[] {
  return [
    opt(unit, 'plain', plural),
    opt(`k${unit}`, 'decimal', 'thousand'),
    opt(`M${unit}`, 'decimal', 'million'),
    opt(`G${unit}`, 'decimal', 'billion'),
    opt(`T${unit}`, 'decimal', 'trillion'),
  ]
}

const PLAIN: UnitFamily = { base: '', options: [opt('', 'plain', '')], defaultId: '' }

const FAMILIES: Readonly<Record<Unit, UnitFamily>> = {
  bytes: {
    base: 'B',
    options: [
      opt('B', 'plain'),
      opt('kB', 'decimal'),
      opt('MB', 'decimal'),
      opt('GB', 'decimal'),
      opt('TB', 'decimal'),
      opt('PB', 'decimal'),
      opt('KiB', 'binary'),
      opt('MiB', 'binary'),
      opt('GiB', 'binary'),
      opt('TiB', 'binary'),
    ],
    defaultId: 'GB',
  },
  'bytes/s': {
    base: 'B/s',
    options: [
      opt('MB/s', 'decimal'),
      opt('GB/s', 'decimal'),
      opt('TB/s', 'decimal'),
      opt('GiB/s', 'binary'),
      opt('Mb/s', 'bits'),
      opt('Gb/s', 'bits'),
      opt('Tb/s', 'bits'),
    ],
    defaultId: 'GB/s',
  },
  'bytes/token': { base: 'B/token', options: byteOptions('/token'), defaultId: 'B/token' },
  'bytes/request': { base: 'B/req', options: byteOptions('/req'), defaultId: 'kB/req' },
  'bytes/parameter': {
    base: 'B/param',
    options: [opt('B/param', 'plain', 'bytes'), opt('bit/param', 'bits', 'bits')],
    defaultId: 'B/param',
  },
  'bytes/element': {
    base: 'B/elem',
    options: [opt('B/elem', 'plain', 'bytes'), opt('bit/elem', 'bits', 'bits')],
    defaultId: 'B/elem',
  },
  s: {
    base: 's',
    options: [
      opt('ns', 'plain'),
      opt('us', 'plain', 'µs'),
      opt('ms', 'plain'),
      opt('s', 'plain'),
      opt('min', 'plain'),
      opt('h', 'plain'),
      opt('day', 'plain', 'days'),
    ],
    defaultId: 's',
  },
  FLOP: {
    base: 'FLOP',
    options: ['', 'G', 'T', 'P', 'E', 'Z', 'Y'].map((p) => opt(`${p}FLOP`, p ? 'decimal' : 'plain')),
    defaultId: 'FLOP',
  },
  'FLOP/s': {
    base: 'FLOP/s',
    options: ['G', 'T', 'P', 'E'].map((p) => opt(`${p}FLOP/s`, 'decimal')),
    defaultId: 'TFLOP/s',
  },
  'FLOP/byte': { base: 'FLOP/B', options: [opt('FLOP/B', 'plain')], defaultId: 'FLOP/B' },
  parameters: { base: 'param', options: countOptions('param', 'params'), defaultId: 'Gparam' },
  tokens: { base: 'token', options: countOptions('token', 'tokens'), defaultId: 'token' },
  'tokens/s': {
    base: 'token/s',
    options: [
      opt('token/s', 'plain', 'tokens/s'),
      opt('ktoken/s', 'decimal', 'K tokens/s'),
      opt('Mtoken/s', 'decimal', 'M tokens/s'),
    ],
    defaultId: 'token/s',
  },
  'requests/s': {
    base: 'req/s',
    options: [
      opt('req/s', 'plain'),
      opt('kreq/s', 'decimal', 'K req/s'),
      opt('req/min', 'plain'),
      opt('req/h', 'plain'),
      opt('req/day', 'plain'),
    ],
    defaultId: 'req/s',
  },
  requests: { base: 'req', options: [opt('req', 'plain', 'requests')], defaultId: 'req' },
  count: PLAIN,
  ratio: {
    base: 'ratio',
    options: [opt('ratio', 'plain', 'fraction'), opt('percent', 'plain', '%')],
    defaultId: 'ratio',
  },
  '$/hour': { base: 'USD/h', options: [opt('USD/h', 'plain', '$/hour')], defaultId: 'USD/h' },
  '$/s': { base: 'USD/s', options: [opt('USD/s', 'plain', '$/s')], defaultId: 'USD/s' },
  '$/1M tokens': {
    base: 'USD/Mtoken',
    options: [opt('USD/Mtoken', 'plain', '$/1M tokens')],
    defaultId: 'USD/Mtoken',
  },
  $: { base: 'USD', options: [opt('USD', 'plain', '$')], defaultId: 'USD' },
  W: {
    base: 'W',
    options: [opt('W', 'plain'), opt('kW', 'decimal'), opt('MW', 'decimal'), opt('GW', 'decimal')],
    defaultId: 'W',
  },
  'J/token': { base: 'J/token', options: [opt('J/token', 'plain')], defaultId: 'J/token' },
}

/** The units offered for a field whose SI unit is `unit` (plain numbers for null). */
export function unitFamily(unit: Unit | null): UnitFamily {
  return unit === null ? PLAIN : FAMILIES[unit]
}

/** The option `id` of `unit`'s family, if it is one. */
export function unitOption(unit: Unit | null, id: string): UnitOption | undefined {
  return unitFamily(unit).options.find((o) => o.id === id)
}

/**
 * A value typed in unit `id` as the calculator's SI value.
 *
 * @example toSI(80, 'bytes', 'GiB') // 85899345920
 */
export function toSI(value: number, unit: Unit | null, id: string): number {
  const family = unitFamily(unit)
  return family.base === '' ? value : convertUnit(value, id, family.base)
}

/**
 * An SI value shown in unit `id`.
 *
 * @example fromSI(3.35e12, 'bytes/s', 'TB/s') // 3.35
 */
export function fromSI(value: number, unit: Unit | null, id: string): number {
  const family = unitFamily(unit)
  return family.base === '' ? value : convertUnit(value, family.base, id)
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
}
const superscript = (n: number) => [...String(n)].map((c) => SUPERSCRIPT[c] ?? c).join('')

/**
 * The convention a byte or bit unit follows, in words, for the hint under a field; null where
 * there is nothing to confuse (seconds, FLOP/s, counts).
 *
 * @example conventionNote('bytes', 'GiB') // 'binary: 1 GiB = 2³⁰ B ≈ 1.074 GB'
 * @example conventionNote('bytes/s', 'Gb/s') // 'bits: 1 Gb/s = 125 MB/s'
 */
export function conventionNote(unit: Unit | null, id: string): string | null {
  const option = unitOption(unit, id)
  const family = unitFamily(unit)
  if (!option || unit === null) return null
  const bytesLike = family.base.startsWith('B')
  if (!bytesLike) return null
  const factor = toSI(1, unit, id)
  const per = family.base.slice(1)
  switch (option.system) {
    case 'decimal':
      return `decimal: 1 ${option.label} = 10${superscript(Math.round(Math.log10(factor)))} B${per}`
    case 'binary':
      return `binary: 1 ${option.label} = 2${superscript(Math.round(Math.log2(factor)))} B${per} ≈ ${formatQuantity(factor, 'bytes')}${per}`
    case 'bits':
      return per === '/s'
        ? `bits: 1 ${option.label} = ${formatQuantity(factor, 'bytes/s')}`
        : 'bits: 8 bits = 1 byte'
    default:
      return null
  }
}

/**
 * The unit a value reads best in (decimal or plain units only, so a preset never silently
 * switches someone to GiB): the largest unit in which it is at least 1.
 *
 * @example bestUnitFor('bytes/s', 3.35e12) // 'TB/s'
 * @example bestUnitFor('parameters', 70.6e9) // 'Gparam' (billion)
 */
export function bestUnitFor(unit: Unit | null, value: number): string {
  const family = unitFamily(unit)
  const candidates = family.options
    .filter((o) => o.system === 'decimal' || o.system === 'plain')
    .map((o) => ({ id: o.id, factor: toSI(1, unit, o.id) }))
    .sort((a, b) => a.factor - b.factor)
  const fitting = candidates.filter((c) => c.factor <= Math.abs(value) * (1 + 1e-12))
  return (fitting.at(-1) ?? candidates[0])?.id ?? family.defaultId
}

/**
 * A number as an input's text: up to 12 significant digits (enough to round-trip a unit
 * change without visible drift), no exponent for ordinary magnitudes.
 *
 * @example formatRaw(74.50580596923828) // '74.5058059692'
 */
export function formatRaw(value: number): string {
  return String(Number(value.toPrecision(12)))
}
