import type { z } from 'zod'
import type { InspectorField } from './shapeSpec.ts'

/** What a spec says about one inspector field; the input and its bounds come from the schema. */
export interface FieldLabel {
  key: string
  label: string
  placeholder?: string
  /** How a choice's value reads (a preset's name); the value itself when absent. */
  optionLabel?: (value: string) => string
}

/** The label field every kit shape has first. */
export const labelField: FieldLabel = { key: 'label', label: 'Label' }

/** Ids of a table of kinds, in its order, as a zod enum takes them. */
export const kindIdsOf = <K extends string>(kinds: Readonly<Record<K, unknown>>) =>
  Object.keys(kinds) as [K, ...K[]]

interface Introspected {
  def: { type: string; innerType?: z.ZodType }
  minValue?: number | null
  maxValue?: number | null
  isInt?: boolean
  maxLength?: number | null
  options?: readonly unknown[]
}

/**
 * The inspector's fields of a props schema, in the order given: a whole number becomes an
 * integer input with the schema's bounds, an enum a choice of its values, a string a text
 * input with its maximum length. So a bound is written once, in the schema, and the inspector
 * cannot disagree with what `checkProps` accepts.
 *
 * @example inspectorFields(z.object({ n: wholeNumber(1, 8) }), [{ key: 'n', label: 'N' }])
 * // [{ key: 'n', label: 'N', input: 'integer', min: 1, max: 8 }]
 */
export function inspectorFields(schema: z.ZodObject, labels: readonly FieldLabel[]): InspectorField[] {
  return labels.map(({ key, label, placeholder, optionLabel }) => {
    const prop = schema.shape[key] as unknown as Introspected | undefined
    if (!prop) throw new Error(`inspector field "${key}": the schema has no such prop`)
    switch (prop.def.type) {
      case 'number':
        if (!prop.isInt || typeof prop.minValue !== 'number' || typeof prop.maxValue !== 'number')
          throw new Error(`inspector field "${key}": only bounded whole numbers are edited`)
        return { key, label, input: 'integer', min: prop.minValue, max: prop.maxValue }
      case 'enum':
        return {
          key,
          label,
          input: 'choice',
          options: (prop.options ?? []).map(String).map((value) => ({
            value,
            label: optionLabel ? optionLabel(value) : value,
          })),
        }
      case 'string': {
        if (typeof prop.maxLength !== 'number')
          throw new Error(`inspector field "${key}": a text prop needs a maximum length`)
        const field: InspectorField = { key, label, input: 'text', maxLength: prop.maxLength }
        return placeholder ? { ...field, placeholder } : field
      }
    }
    throw new Error(`inspector field "${key}": no input for zod type "${prop.def.type}"`)
  })
}
