import { boundaryShape } from './boundary.ts'
import { gpuClusterShape } from './gpuCluster.ts'
import { gpuNodeShape } from './gpuNode.ts'
import { modelServerShape } from './modelServer.ts'
import type { ShapeSpec } from './shapeSpec.ts'
import { systemComponentShape } from './systemComponent.ts'

/**
 * Every shape of the diagram kit, in one list: the palette (parts.ts), the estimates
 * (aggregate.ts), the inspector, the client's tldraw types and ShapeUtils
 * (`client/src/shapes/kitShapeUtils.ts`) are all derived from it. Adding a shape is a spec
 * plus a line here, and an icon per part in the client (CONTRIBUTING.md, "Add a part").
 */
export const kitShapes = [
  gpuNodeShape,
  gpuClusterShape,
  modelServerShape,
  systemComponentShape,
  boundaryShape,
] as const satisfies readonly ShapeSpec[]
