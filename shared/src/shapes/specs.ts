import type { z } from 'zod'
import { kitShapes } from './kitShapes.ts'
import type { ShapeSpec } from './shapeSpec.ts'
import { checkProps } from './shapeSpec.ts'

/** The kit's specs (the list is `kitShapes`), each as a plain `ShapeSpec`. */
export const kitShapeSpecs: readonly ShapeSpec[] = kitShapes

/** A kit shape's props by its type, as its schema outputs them (the client's tldraw types). */
export type KitPropsByType = {
  [Spec in (typeof kitShapes)[number] as Spec['type']]: z.output<Spec['props']>
}

/** The kit's shape types. */
export const kitShapeTypes: ReadonlySet<string> = new Set(kitShapeSpecs.map((spec) => spec.type))

/** The spec of a kit shape type, e.g. kitShapeSpec('gpu-node')?.fields */
export function kitShapeSpec(type: string): ShapeSpec | undefined {
  return kitShapeSpecs.find((spec) => spec.type === type)
}

/** Whether a shape of the kit has props its schema accepts (false for other types). */
export function isValidKitShape(shape: { type: string; props: unknown }): boolean {
  const spec = kitShapeSpec(shape.type)
  return spec !== undefined && checkProps(spec, shape.props).ok
}
