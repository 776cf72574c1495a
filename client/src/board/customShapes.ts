import type { TLAnyShapeUtilConstructor } from 'tldraw'
import { CalcCardShapeUtil } from '../calc/CalcCardShapeUtil.tsx'
import { kitShapeUtils } from '../shapes/kitShapeUtils.ts'
import { RevealedCardShapeUtil } from '../shapes/RevealedCardShapeUtil.tsx'
import { SimCardShapeUtil } from '../sim/SimCardShapeUtil.tsx'
import { GuardedEmbedShapeUtil } from './GuardedEmbedShapeUtil.tsx'

/**
 * Every custom shape Roofline adds to tldraw, in one list: the board store's schema and the
 * editor both take it from here. A diagram-kit part is not added here: its spec goes in
 * shared's `kitShapes` and `kitShapeUtils` follows (CONTRIBUTING.md, "Add a part"). A shape
 * outside the kit (like the calculator card) is its ShapeUtil plus one line in this list.
 */
export const customShapeUtils: TLAnyShapeUtilConstructor[] = [
  CalcCardShapeUtil,
  RevealedCardShapeUtil,
  SimCardShapeUtil,
  ...kitShapeUtils,
]

/**
 * What the editors (board and replay) take: the custom shapes, and tldraw's embed shape
 * replaced by one that frames only allowed origins (same type and props, so the store's
 * schema is tldraw's own).
 */
export const editorShapeUtils: TLAnyShapeUtilConstructor[] = [...customShapeUtils, GuardedEmbedShapeUtil]
