import { boundaryShape } from './boundary.ts'
import { gpuClusterShape } from './gpuCluster.ts'
import { gpuNodeShape } from './gpuNode.ts'
import { modelServerShape } from './modelServer.ts'
import type { ShapeSpec } from './shapeSpec.ts'
import { checkProps } from './shapeSpec.ts'
import { systemComponentShape } from './systemComponent.ts'

/** Every shape of the diagram kit, in one list: the client registers a ShapeUtil for each. */
export const kitShapeSpecs: readonly ShapeSpec[] = [
  gpuNodeShape,
  gpuClusterShape,
  modelServerShape,
  systemComponentShape,
  boundaryShape,
]

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
