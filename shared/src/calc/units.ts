/**
 * Units and number formatting for the calculators.
 *
 * Every calculator input and output is in SI base units (bytes, seconds, FLOP, FLOP/s, bytes/s,
 * parameters, tokens). The constants below exist so call sites and preset data can say
 * `80 * GB` instead of `80e9`, and so decimal (GB = 1e9) and binary (GiB = 2^30) units are
 * never confused: vendors quote memory bandwidth and most capacities in decimal units, while
 * some papers (e.g. vLLM's "800 KB" per token) use binary ones.
 */

/** Every unit a calculator field, figure or derivation step can carry, for validating data that names one. */
export const units = [
  'bytes',
  'bytes/s',
  'bytes/token',
  'bytes/parameter',
  'bytes/element',
  'bytes/request',
  's',
  'FLOP',
  'FLOP/s',
  'FLOP/byte',
  'parameters',
  'tokens',
  'tokens/s',
  'requests/s',
  'requests',
  'count',
  'ratio',
  '$/hour',
  '$/s',
  '$/1M tokens',
  '$',
  'W',
  'J/token',
] as const

/** The unit attached to a calculator field, figure or derivation step. */
export type Unit = (typeof units)[number]

/** Decimal (SI) multipliers: what vendors mean by GB, TB/s, TFLOP/s. */
export const KILO = 1e3
export const MEGA = 1e6
export const GIGA = 1e9
export const TERA = 1e12
export const PETA = 1e15

/** Decimal byte units. */
export const KB = KILO
export const MB = MEGA
export const GB = GIGA
export const TB = TERA
export const PB = PETA

/** Binary byte units (2^10 steps). */
export const KiB = 2 ** 10
export const MiB = 2 ** 20
export const GiB = 2 ** 30
export const TiB = 2 ** 40

/** Bits to bytes, for link rates quoted in Gb/s. `400 * GBIT_PER_S` is 50e9 bytes/s. */
export const GBIT_PER_S = GIGA / 8

/** Time. */
export const MINUTE = 60
export const HOUR = 3600
export const DAY = 86_400

/**
 * Formats a number compactly for a derivation's substituted formula: integers below a million
 * exactly, everything else to 4 significant digits, in exponent form outside [1e-3, 1e6).
 *
 * @example formatNumber(819200) // '819200'
 * @example formatNumber(8.03e9) // '8.03e9'
 * @example formatNumber(0.06871) // '0.06871'
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  if (x === 0) return '0'
  const abs = Math.abs(x)
  if (Number.isInteger(x) && abs < 1e6) return String(x)
  if (abs >= 1e6 || abs < 1e-3) {
    const [mantissa = '', exponent = ''] = x.toExponential(3).split('e')
    return `${trimZeros(mantissa)}e${Number(exponent)}`
  }
  return String(Number(x.toPrecision(4)))
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

const PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'] as const
/** Units whose magnitude reads best with a decimal SI prefix (kB, GB/s, TFLOP/s). */
const PREFIXABLE: ReadonlySet<Unit> = new Set<Unit>(['bytes', 'bytes/s', 'FLOP', 'FLOP/s', 'tokens/s', 'W'])

/**
 * Human-readable quantity with a decimal SI prefix where that is customary, for labels beside
 * a figure. Bytes use decimal prefixes (GB = 1e9) to match vendor datasheets.
 *
 * @example formatQuantity(2.6e10, 'bytes') // '26 GB'
 * @example formatQuantity(0.0687, 's') // '68.7 ms'
 * @example formatQuantity(2.93e6, 's') // '33.9 days'
 */
export function formatQuantity(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return `${value} ${unit}`
  if (unit === 's') return formatSeconds(value)
  if (PREFIXABLE.has(unit) && Math.abs(value) >= 1000) {
    const power = Math.min(Math.floor(Math.log10(Math.abs(value)) / 3), PREFIXES.length - 1)
    const scaled = value / 1000 ** power
    const symbol = unit === 'bytes' ? 'B' : unit === 'bytes/s' ? 'B/s' : unit
    return `${sig(scaled)} ${PREFIXES[power]}${symbol}`
  }
  return `${formatNumber(value)} ${unit}`
}

function formatSeconds(s: number): string {
  const abs = Math.abs(s)
  if (abs === 0) return '0 s'
  if (abs < 1e-6) return `${sig(s * 1e9)} ns`
  if (abs < 1e-3) return `${sig(s * 1e6)} µs`
  if (abs < 1) return `${sig(s * 1e3)} ms`
  if (abs < 2 * MINUTE) return `${sig(s)} s`
  if (abs < 2 * HOUR) return `${sig(s / MINUTE)} min`
  if (abs < 2 * DAY) return `${sig(s / HOUR)} h`
  return `${sig(s / DAY)} days`
}

/** Three significant digits without trailing zeros: 68.71 → '68.7', 26.0 → '26'. */
function sig(x: number): string {
  return String(Number(x.toPrecision(3)))
}
