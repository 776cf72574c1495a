import { BaseBoxShapeUtil, type RecordProps, type TLBaseBoxShape } from 'tldraw'
import { migrationSequence, zodProps } from './tldrawProps.ts'

/**
 * The base of a card pinned to the board (a calculation, a simulation run): a box shape of
 * `type` whose props are checked by its zod `schema` in shared and migrated by its named
 * `migrations`, which is never edited in place (a card is written whole by a program) and is
 * outlined as a rounded rectangle. A card's ShapeUtil extends it and draws the card.
 */
export function pinnedCardShapeUtil<Card extends TLBaseBoxShape>(
  type: Card['type'],
  schema: Parameters<typeof zodProps>[0],
  migrations: Parameters<typeof migrationSequence>[1],
) {
  abstract class PinnedCardShapeUtil extends BaseBoxShapeUtil<Card> {
    static override type = type
    static override props = zodProps(schema) as unknown as RecordProps<Card>
    static override migrations = migrationSequence(type, migrations)

    override canEdit(): boolean {
      return false
    }

    getIndicatorPath(shape: Card): Path2D {
      const path = new Path2D()
      path.roundRect(0, 0, shape.props.w, shape.props.h, 10)
      return path
    }
  }
  return PinnedCardShapeUtil
}
