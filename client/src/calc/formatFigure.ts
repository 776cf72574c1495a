import { formatNumber, formatQuantity, type Unit } from '@roofline/shared/calc'
import { fromSI, toSI } from './unitOptions.ts'

/**
 * Calculator figures as the panel and the pinned cards print them: bytes with decimal
 * prefixes (the datasheet convention), plus the binary equivalent where people may think in
 * GiB, times in the unit that reads best, money with a dollar sign.
 */

/** Bytes per something: the prefix goes on the byte part. */
const BYTES_PER: Partial<Record<Unit, string>> = {
  'bytes/token': '/token',
  'bytes/request': '/request',
  'bytes/parameter': '/param',
  'bytes/element': '/element',
}

/**
 * One figure with its unit.
 *
 * @example formatFigure(2.68e10, 'bytes') // '26.8 GB'
 * @example formatFigure(327680, 'bytes/token') // '328 kB/token'
 * @example formatFigure(0.42, 'ratio') // '42%'
 */
export function formatFigure(value: number | string, unit: Unit | null): string {
  if (typeof value === 'string') return value
  if (!Number.isFinite(value)) return '—'
  if (unit === null) return formatNumber(value)
  if (value === 0 && unit === 'bytes') return '0 B'
  const per = BYTES_PER[unit]
  if (per) return value < 1000 ? `${formatNumber(value)} B${per}` : `${formatQuantity(value, 'bytes')}${per}`
  switch (unit) {
    case 'count':
      return formatNumber(value)
    case 'ratio':
      return `${formatNumber(Number(fromSI(value, 'ratio', 'percent').toPrecision(4)))}%`
    case 'parameters':
      return `${formatNumber(value)} params`
    case 'tokens':
      return `${formatNumber(value)} tokens`
    case 'requests':
      return `${formatNumber(value)} requests`
    case 'requests/s':
      return `${formatNumber(value)} req/s`
    case 'FLOP/byte':
      return `${formatNumber(value)} FLOP/B`
    case '$/hour':
      return `$${money(value)}/hour`
    case '$/s':
      return `$${money(value)}/s`
    case '$/1M tokens':
      return `$${money(value)} per 1M tokens`
    default:
      return formatQuantity(value, unit)
  }
}

function money(value: number): string {
  return value >= 0.01 ? value.toFixed(2) : formatNumber(value)
}

const BINARY_STEPS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const

/**
 * The same byte figure in binary units, for a figure of 1 KiB or more; null otherwise.
 *
 * @example binaryEquivalent(8e10, 'bytes') // '74.5 GiB'
 */
export function binaryEquivalent(value: number, unit: Unit | null): string | null {
  if (unit !== 'bytes' && !(unit && BYTES_PER[unit])) return null
  const step = [...BINARY_STEPS].reverse().find((id) => value >= toSI(1, 'bytes', id))
  if (!step) return null
  return `${Number(fromSI(value, 'bytes', step).toPrecision(3))} ${step}${(unit && BYTES_PER[unit]) ?? ''}`
}
