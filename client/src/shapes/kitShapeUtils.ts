import { kitShapeSpecs } from '@roofline/shared/shapes'
import type { TLAnyShapeUtilConstructor } from 'tldraw'
import { BoundaryShapeUtil } from './BoundaryShapeUtil.tsx'
import { cardShapeUtil } from './KitCardShapeUtil.tsx'

/** Kit shapes that are not cards draw themselves: their ShapeUtil by type. */
const ownShapeUtils: Readonly<Record<string, TLAnyShapeUtilConstructor>> = {
  boundary: BoundaryShapeUtil,
}

/**
 * The diagram kit's ShapeUtils, one a spec of `kitShapes` in `@roofline/shared/shapes`: a
 * card made from the spec when it has a face, else the shape's own ShapeUtil.
 */
export const kitShapeUtils: TLAnyShapeUtilConstructor[] = kitShapeSpecs.map((spec) => {
  const util = spec.face ? cardShapeUtil(spec) : ownShapeUtils[spec.type]
  if (!util) throw new Error(`kit shape "${spec.type}" has neither a face nor its own ShapeUtil`)
  return util
})
