import type { ShapeSpec } from '@roofline/shared/shapes'
import { BaseBoxShapeUtil, type RecordProps, type TLShapeUtilConstructor } from 'tldraw'
import { permissiveProps, tldrawMigrations } from '../boardTools/tldrawProps.ts'
import { KitCard, roundedIndicator } from './KitCard.tsx'
import { kitFontFaces } from './kitFonts.ts'
import type { KitCardShape } from './kitShapeTypes.ts'
import { cardSvg } from './kitSvg.tsx'
import './kit.css'

/**
 * The ShapeUtil of a card shape, made from its spec: tldraw's props validators and migrations
 * derived from the schema, a box whose label is edited in place, and the spec's face drawn by
 * `KitCard` on the canvas and by `cardSvg` in exports. Every kit shape with a `face` gets one.
 *
 * @example cardShapeUtil(gpuNodeShape).type // 'gpu-node'
 */
export function cardShapeUtil(spec: ShapeSpec): TLShapeUtilConstructor<KitCardShape> {
  return class KitCardShapeUtil extends BaseBoxShapeUtil<KitCardShape> {
    static override type = spec.type as KitCardShape['type']
    static override props = permissiveProps(spec) as RecordProps<KitCardShape>
    static override migrations = tldrawMigrations(spec)

    override getDefaultProps() {
      return spec.defaults() as KitCardShape['props']
    }

    override canEdit() {
      return true
    }

    override getFontFaces() {
      return kitFontFaces
    }

    override getIndicatorPath(shape: KitCardShape) {
      return roundedIndicator(shape.props.w, shape.props.h)
    }

    override component(shape: KitCardShape) {
      return <KitCard spec={spec} shape={shape} />
    }

    override toSvg(shape: KitCardShape) {
      return cardSvg(spec, shape)
    }
  }
}
