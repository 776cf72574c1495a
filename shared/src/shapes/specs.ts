import type { z } from 'zod'
import { boundaryShape } from './boundary.ts'
import { gpuClusterShape } from './gpuCluster.ts'
import { gpuNodeShape } from './gpuNode.ts'
import { modelServerShape } from './modelServer.ts'
import type { ShapeSpec } from './shapeSpec.ts'
import { checkProps } from './shapeSpec.ts'
import { systemComponentShape } from './systemComponent.ts'

/*
 * Every shape of the diagram kit, in one list: the palette (parts.ts), the estimates
 * (aggregate.ts), the inspector and the client's ShapeUtils (`client/src/shapes/kitShapeUtils.ts`)
 * are all derived from it. Adding a shape is a spec here plus an icon per part in the client.
 */
const kitShapes = [
  gpuNodeShape,
  gpuClusterShape,
  modelServerShape,
  systemComponentShape,
  boundaryShape,
] as const satisfies readonly ShapeSpec[]

/** The kit's specs, each as a plain `ShapeSpec` (see `kitShapes` above for the list itself). */
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
