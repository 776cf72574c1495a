import {
  type PropsMigrationStep,
  type ShapeSpec,
  type StoredPrimitive,
  storedPrimitives,
} from '@roofline/shared/shapes'
import { createShapePropsMigrationSequence, T, type TLPropsMigrations } from 'tldraw'

const validators: Record<StoredPrimitive, T.Validatable<unknown>> = {
  number: T.number,
  string: T.string,
  boolean: T.boolean,
}

/**
 * tldraw validators for a kit shape, derived from its zod schema in shared but deliberately
 * permissive: only the primitive is checked (any finite number, any string). The Yjs binding
 * drops records tldraw rejects, so a strict validator would make a shape with a negative GPU
 * count vanish for everyone; a permissive one lets it in, and the shape shows itself invalid.
 *
 * @example static override props = permissiveProps(gpuNodeShape) as RecordProps<GpuNodeShape>
 */
export function permissiveProps(spec: ShapeSpec): Record<string, T.Validatable<unknown>> {
  return Object.fromEntries(
    Object.entries(storedPrimitives(spec.props)).map(([key, primitive]) => [key, validators[primitive]]),
  )
}

/**
 * tldraw's props migration sequence for a kit shape: step `i` of the shape's named steps in
 * shared becomes version `i + 1` (`com.tldraw.shape.<type>/<i + 1>`), tldraw's own convention.
 */
export function tldrawMigrations(spec: ShapeSpec): TLPropsMigrations {
  return migrationSequence(spec.type, spec.migrations)
}

/** tldraw's props migration sequence of shape `type` from its named steps in shared (step `i` is version `i + 1`). */
export function migrationSequence(type: string, steps: readonly PropsMigrationStep[]): TLPropsMigrations {
  return createShapePropsMigrationSequence({
    sequence: steps.map((step, index) => ({
      id: `com.tldraw.shape.${type}/${index + 1}`,
      up: step.up,
      ...(step.down ? { down: step.down } : {}),
    })),
  })
}

/**
 * tldraw validators from a card's zod props schema in shared, one per prop, each running that
 * prop's zod schema, so the board and the server-side readers check cards by the same rules.
 * Strict, unlike permissiveProps: a card is written whole by a program, never typed in by hand.
 */
export function zodProps(schema: {
  shape: Record<string, { parse(value: unknown): unknown }>
}): Record<string, T.Validatable<unknown>> {
  return Object.fromEntries(
    Object.entries(schema.shape).map(([name, prop]) => [
      name,
      { validate: (value: unknown) => prop.parse(value) },
    ]),
  )
}
