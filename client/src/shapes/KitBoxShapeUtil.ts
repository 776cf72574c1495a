import { BaseBoxShapeUtil } from 'tldraw'
import { roundedIndicator } from './KitCard.tsx'
import { kitFontFaces } from './kitFonts.ts'
import type { KitShape } from './kitShapeTypes.ts'

/**
 * What the kit's card shapes share: a box with a rounded outline whose label is edited in place.
 * Each shape adds its props (derived from shared), its defaults and its card.
 */
export abstract class KitBoxShapeUtil<
  S extends Exclude<KitShape, { type: 'boundary' }>,
> extends BaseBoxShapeUtil<S> {
  override canEdit() {
    return true
  }

  override getFontFaces() {
    return kitFontFaces
  }

  override getIndicatorPath(shape: S) {
    return roundedIndicator(shape.props.w, shape.props.h)
  }
}
