import { z } from 'zod'
import type { Unit } from './units.ts'

/**
 * Field builders: zod schemas that also carry what a form needs (label, SI unit, description,
 * default). The metadata lives in a zod registry keyed by the schema object, so the calculator
 * registry can describe every input generically without a second, drift-prone list.
 */

/** How a form should render a field. */
export type FieldKind = 'number' | 'integer' | 'choice' | 'flag'

/** Form metadata for one calculator input. */
export interface FieldMeta {
  label: string
  description: string
  /** SI unit of a numeric field; null for choices and flags. */
  unit: Unit | null
  kind: FieldKind
  /** Inclusive bounds of a numeric field. */
  min?: number
  max?: number
  /** Exclusive upper bound, where the bound itself is impossible (an acceptance rate of 1). */
  below?: number
  options?: readonly string[]
  default?: number | string | boolean
}

/** The metadata of every field built by this module. */
export const fieldMeta = z.registry<FieldMeta>()

/**
 * Upper bounds beyond which an input is a typo, not a design. Each holds an absurd but possible
 * design with room to spare: a 1,000,000-GPU fleet's summed HBM bandwidth (~1e19 B/s on B200s)
 * and FP4 FLOP/s (~1e22), a ten-year run (3.2e8 s), DeepSeek-V3's 2.788M H800-hours
 * (1e10 GPU-seconds). They also keep every product of inputs far from floating-point overflow.
 */
export const LIMITS = {
  /** Parameters: largest published models are ~2e12. */
  params: 1e15,
  /** Bytes: a zettabyte. */
  bytes: 1e21,
  /** Bytes/s: 100 EB/s, ten times a million B200s' summed HBM bandwidth (8e18). */
  bandwidth: 1e20,
  /** FLOP/s: a million GPUs at 1e16 FP4 FLOP/s each is 1e22; 100× that. */
  flopRate: 1e24,
  /** FLOP: Llama 3 405B took 3.8e25. */
  flops: 1e32,
  /** Tokens: a million GPUs emitting 10k tokens/s for ten years is 3e18. */
  tokens: 1e19,
  /** Seconds, also GPU-seconds: a million GPUs for ten years is 3.2e14. */
  seconds: 1e15,
  /** GPUs, ranks, replicas, layers, heads. */
  count: 1e8,
  /** Requests (or tokens) per second. */
  rate: 1e12,
  /** Bytes per parameter or element: fp64 is 8; 64 allows optimizer-state bundles. */
  bytesPerElement: 64,
  /** Hidden size, head dimension, sequence length. */
  dimension: 1e8,
  /** Watts: a million 1 kW GPUs at PUE 2 is 2e9 W. */
  watts: 1e12,
  /** Dollars: far above any budget. */
  dollars: 1e15,
} as const

/**
 * Smallest value each unit accepts unless a field allows zero. A floor (rather than "> 0") keeps
 * every quotient finite: 1e21 bytes over 5e-324 bytes/s would overflow to Infinity.
 */
export const MIN_BY_UNIT: Readonly<Record<Unit, number>> = {
  bytes: 1,
  'bytes/s': 1,
  'bytes/token': 1,
  // One sixteenth of a byte leaves room for sub-2-bit quantization.
  'bytes/parameter': 1 / 16,
  'bytes/element': 1 / 16,
  'bytes/request': 1,
  // A picosecond: below any real latency.
  s: 1e-12,
  FLOP: 1,
  'FLOP/s': 1,
  'FLOP/byte': 1e-6,
  parameters: 1,
  tokens: 1,
  'tokens/s': 1e-6,
  'requests/s': 1e-9,
  requests: 1e-9,
  count: 1,
  ratio: 1e-6,
  '$/hour': 1e-9,
  '$/s': 1e-12,
  '$/1M tokens': 1e-12,
  $: 1e-12,
  W: 1e-3,
  'J/token': 1e-12,
}

/** Options for a numeric field. */
export interface QuantitySpec {
  label: string
  description: string
  unit: Unit
  max: number
  /** Whole numbers only (layers, GPUs, ranks). */
  integer?: boolean
  /** Inclusive lower bound; defaults to the unit's floor in MIN_BY_UNIT. Pass 0 where zero means something. */
  min?: number
  /**
   * Exclusive upper bound instead of `max` where the bound is impossible, not just implausible;
   * `max` is then the largest value a form should offer.
   */
  below?: number
}

/**
 * A bounded, finite number field (zod already rejects NaN and ±Infinity).
 *
 * @example quantity({ label: 'Layers', description: 'Transformer blocks', unit: 'count', integer: true, max: LIMITS.count })
 */
export function quantity(spec: QuantitySpec): z.ZodNumber {
  const min = spec.min ?? MIN_BY_UNIT[spec.unit]
  let schema = z.number().min(min)
  schema = spec.below === undefined ? schema.max(spec.max) : schema.lt(spec.below)
  if (spec.integer) schema = schema.int()
  fieldMeta.add(schema, {
    label: spec.label,
    description: spec.description,
    unit: spec.unit,
    kind: spec.integer ? 'integer' : 'number',
    min,
    max: spec.max,
    ...(spec.below === undefined ? {} : { below: spec.below }),
  })
  return schema
}

/** A field limited to a few named options. */
export function choice<const T extends readonly [string, ...string[]]>(
  options: T,
  spec: { label: string; description: string },
): z.ZodEnum<{ [K in T[number]]: K }> {
  const schema = z.enum(options)
  fieldMeta.add(schema, { ...spec, unit: null, kind: 'choice', options })
  return schema
}

/** A yes/no field. */
export function flag(spec: { label: string; description: string }): z.ZodBoolean {
  const schema = z.boolean()
  fieldMeta.add(schema, { ...spec, unit: null, kind: 'flag' })
  return schema
}

/** Makes a field optional with a default, keeping its metadata and recording the default. */
export function withDefault<S extends z.ZodNumber | z.ZodEnum | z.ZodBoolean>(
  schema: S,
  value: z.output<S>,
): z.ZodDefault<S> {
  // zod types `.default()` on a generic schema loosely; the cast restores the precise type.
  const wrapped = (schema as z.ZodType).default(value) as z.ZodDefault<S>
  fieldMeta.add(wrapped, { ...requireMeta(schema), default: value as number | string | boolean })
  return wrapped
}

/** Makes a field optional with no default (the calculator decides what absence means). */
export function optional<S extends z.ZodNumber>(schema: S): z.ZodOptional<S> {
  const wrapped = schema.optional()
  fieldMeta.add(wrapped, requireMeta(schema))
  return wrapped
}

function requireMeta(schema: z.ZodType): FieldMeta {
  const meta = fieldMeta.get(schema)
  if (!meta) throw new Error('field built without metadata; use quantity(), choice() or flag()')
  return meta
}

/** A field as a form sees it: its input name, metadata and whether it must be filled in. */
export interface FieldInfo extends FieldMeta {
  name: string
  required: boolean
}

/**
 * Lists the fields of a calculator's input schema in declaration order.
 *
 * @example describeFields(kvCacheInput)[0] // { name: 'layers', label: 'Layers', unit: 'count', required: true, ... }
 */
export function describeFields(schema: z.ZodObject): FieldInfo[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const meta = requireMeta(field as z.ZodType)
    const required = !(field instanceof z.ZodDefault || field instanceof z.ZodOptional)
    return { name, required, ...meta }
  })
}
