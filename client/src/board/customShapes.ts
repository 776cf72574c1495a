import type { TLAnyShapeUtilConstructor } from 'tldraw'
import { CalcCardShapeUtil } from '../calc/CalcCardShapeUtil.tsx'
import { kitShapeUtils } from '../shapes/kitShapeUtils.ts'

/**
 * Every custom shape Roofline adds to tldraw, in one list: the board store's schema and the
 * editor both take it from here. A new shape is one line in this list (its props schema and
 * migrations live in shared, its ShapeUtil in its own file).
 */
export const customShapeUtils: TLAnyShapeUtilConstructor[] = [CalcCardShapeUtil, ...kitShapeUtils]
