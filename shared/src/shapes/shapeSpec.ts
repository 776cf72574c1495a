import { z } from 'zod'
import type { PropsMigrationStep } from './migrations.ts'

/** A choice in an inspector select: the stored value and what people read. */
export interface Choice {
  value: string
  label: string
}

/** How the inspector edits one prop (derived from the props schema by `inspectorFields`). */
export type InspectorField =
  | { key: string; label: string; input: 'text'; maxLength: number; placeholder?: string }
  | { key: string; label: string; input: 'integer'; min: number; max: number; unit?: string }
  | { key: string; label: string; input: 'choice'; options: readonly Choice[] }

/** The primitive tldraw stores for a prop; the client picks a permissive validator by it. */
export type StoredPrimitive = 'number' | 'string' | 'boolean'

/** Palette groups, in order; a shape's group also colours it. */
export const partCategories = [
  { id: 'compute', name: 'Compute' },
  { id: 'network', name: 'Network' },
  { id: 'serving', name: 'Serving' },
  { id: 'data', name: 'Data' },
  { id: 'people', name: 'People and places' },
] as const
/** A palette group. */
export type PartCategory = (typeof partCategories)[number]['id']

/** A palette entry that places a shape: its id also names its icon (client `PartIcon`). */
export interface ShapePart {
  /** Stable id; also names the part's icon. */
  id: string
  /** What people call it; also the palette's text. */
  name: string
  category: PartCategory
  /** Extra words the palette search matches. */
  keywords: string
  /** Props over the shape's defaults when this part is placed (e.g. a component's kind). */
  props?: Record<string, unknown>
}

/** One line under a card's label, the same on the canvas and in an SVG export. */
export interface CardLine {
  text: string
  strong?: boolean
  /** GPU chips drawn before the text on the canvas (an export has no room for them). */
  chips?: number
  /**
   * A detail the canvas shows on hover (its line is full with the chips) and the export
   * appends after ' · '.
   */
  more?: string
}

/** A figure of a tall card: a pill on the canvas, paired two to a line in an export. */
export interface CardFigure {
  text: string
  /** Test id of the pill on the canvas. */
  testId?: string
}

/** What a card shape shows besides its label and icon: written once, drawn on screen and in SVG. */
export interface CardFace {
  /** At the right of the label, e.g. a model server's engine. */
  badge?: string
  lines: readonly CardLine[]
  /** A tall card's figures under its header. */
  figures?: readonly CardFigure[]
  /** A tall card's row of node blocks (a cluster's rack), on the canvas only. */
  rack?: number
}

/** A selected model server as an estimate needs it: what it runs and how each replica is laid out. */
export interface ServerLayout {
  label: string
  modelId: string
  replicas: number
  tensorParallel: number
  pipelineParallel: number
}

/** What one valid shape adds to the estimates' totals (`aggregateHardware`). */
export interface Contribution {
  /** GPUs of one preset, and the scale-up domain they sit in. */
  gpus?: { gpuId: string; count: number; scaleUpDomain: number }
  nodes?: number
  /** Scale-out NIC bandwidth, bytes/s one direction. */
  scaleOutBandwidth?: number
  /** A model server the estimate sizes. */
  modelServer?: ServerLayout
}

/**
 * Everything Roofline knows about one custom shape, in one place: its tldraw type, the strict
 * props schema that decides whether a shape is valid, its named migration steps, default props,
 * the inspector's fields (derived from the schema), its palette entries and colour group, what
 * its card shows and what it adds to the estimates. The client derives tldraw's validators,
 * migrations and the ShapeUtil from it; `kitShapeSpecs` (specs.ts) is the one list.
 */
export interface ShapeSpec<S extends z.ZodObject = z.ZodObject, T extends string = string> {
  /** tldraw shape type, e.g. 'gpu-node'. */
  readonly type: T
  /** Strict schema of the props: a record failing it is shown as invalid and left out of totals. */
  readonly props: S
  /** Named migration steps, oldest first. */
  readonly migrations: readonly PropsMigrationStep[]
  /** Props of a freshly placed shape. */
  readonly defaults: () => z.output<S>
  /** What the inspector shows, in order (size is edited on the canvas, not here). */
  readonly fields: readonly InspectorField[]
  /** The palette entries that place this shape. */
  readonly parts: readonly ShapePart[]
  /** The group that colours a shape, from its stored props (which may be invalid). */
  category(props: Readonly<Record<string, unknown>>): PartCategory
  /** The lines of its card; a shape without one draws itself (the boundary, a container). */
  face?(props: z.output<S>): CardFace
  /** What a valid shape adds to the estimates; nothing when absent. */
  estimate?(props: z.output<S>): Contribution
}

/** What `checkProps` found. */
export type PropsCheck<T> = { ok: true; props: T } | { ok: false; issues: string[] }

/**
 * Checks a shape's props against its strict schema. Props arrive from other people through the
 * shared document, so anything may be there; the answer names each bad field in words.
 *
 * @example checkProps(gpuNodeShape, { ...gpuNodeShape.defaults(), gpusPerNode: -4 })
 * // { ok: false, issues: ['GPUs per node: must be at least 1'] }
 */
export function checkProps<S extends z.ZodObject>(
  spec: ShapeSpec<S>,
  props: unknown,
): PropsCheck<z.output<S>> {
  const result = spec.props.safeParse(props)
  if (result.success) return { ok: true, props: result.data }
  const labels = new Map(spec.fields.map((field) => [field.key, field.label]))
  const issues = result.error.issues.map((issue) => {
    const key = issue.path[0] === undefined ? '' : String(issue.path[0])
    const subject = labels.get(key) ?? (key || 'props')
    return `${subject}: ${issue.message}`
  })
  return { ok: false, issues }
}

/**
 * The stored primitive of each prop of a zod object, for the client's permissive tldraw
 * validators (numbers stay numbers, enums are strings), so a record with an out-of-range value
 * still enters the store and is shown as invalid rather than dropped.
 *
 * @example storedPrimitives(z.object({ n: z.number().int().min(1), kind: z.enum(['a']) }))
 * // { n: 'number', kind: 'string' }
 */
export function storedPrimitives(schema: z.ZodObject): Record<string, StoredPrimitive> {
  const out: Record<string, StoredPrimitive> = {}
  for (const [key, field] of Object.entries(schema.shape)) out[key] = primitiveOf(field as z.ZodType, key)
  return out
}

function primitiveOf(field: z.ZodType, key: string): StoredPrimitive {
  const def = field.def as { type: string; innerType?: z.ZodType; values?: unknown[] }
  switch (def.type) {
    case 'number':
      return 'number'
    case 'string':
    case 'enum':
      return 'string'
    case 'boolean':
      return 'boolean'
    case 'default':
    case 'optional':
    case 'nullable':
    case 'readonly':
      if (def.innerType) return primitiveOf(def.innerType, key)
      break
  }
  throw new Error(`prop "${key}": no stored primitive for zod type "${def.type}"`)
}

// ---- Building blocks of the props schemas ---------------------------------------------------

/** Width or height on the canvas. */
export const size = z.number().positive('must be positive').max(100_000, 'must be at most 100000')

/** A label people type: any text, bounded. */
export const label = (max = 120) => z.string().max(max, `must be at most ${max} characters`)

/** A whole number within bounds, with messages people understand. */
export const wholeNumber = (min: number, max: number) =>
  z
    .number('must be a number')
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)

/** One of a fixed set of ids; anything else is named in the message. */
export const oneOf = (ids: readonly [string, ...string[]], what: string) =>
  z.enum(ids as [string, ...string[]], { error: (issue) => `unknown ${what} "${String(issue.input)}"` })
