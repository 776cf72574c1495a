import type { TLAnyShapeUtilConstructor } from 'tldraw'
import { BoundaryShapeUtil } from './BoundaryShapeUtil.tsx'
import { GpuClusterShapeUtil } from './GpuClusterShapeUtil.tsx'
import { GpuNodeShapeUtil } from './GpuNodeShapeUtil.tsx'
import { ModelServerShapeUtil } from './ModelServerShapeUtil.tsx'
import { SystemComponentShapeUtil } from './SystemComponentShapeUtil.tsx'

/** The diagram kit's ShapeUtils: one a shape spec in `@roofline/shared/shapes`. */
export const kitShapeUtils: TLAnyShapeUtilConstructor[] = [
  GpuNodeShapeUtil,
  GpuClusterShapeUtil,
  ModelServerShapeUtil,
  SystemComponentShapeUtil,
  BoundaryShapeUtil,
]
