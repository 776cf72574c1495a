import { type CalcCardProps, calcCardShapeType } from '@roofline/shared'
import { createShapeId, type Editor, type TLShape, type TLShapeId, type TLShapePartial } from 'tldraw'
import { keepClearOfPanelsOnceShown } from '../boardTools/boardArea.ts'
import { placeInVisibleArea, shapesBesides } from '../boardTools/cardPlacement.ts'

/**
 * Pins a calculator result to the board as a calc-card, in the pinner's view clear of what is
 * drawn there and of the panels over the board, and selects it (a full view zooms out to make room).
 */
export function pinCalcCard(editor: Editor, props: CalcCardProps): TLShapeId {
  return pinCard(editor, calcCardShapeType, props)
}

/**
 * Pins a card shape of `type` (a calc-card, a sim-card) with `props` as pinCalcCard does: in the
 * pinner's view, clear of the drawing and the panels, selected.
 */
export function pinCard<T extends 'calc-card' | 'sim-card'>(
  editor: Editor,
  type: T,
  props: TLShapePartial<TLShape<T>>['props'] & { w: number; h: number },
): TLShapeId {
  // The card is selected once pinned: the present selection's panels are about to go.
  const { x, y } = placeInVisibleArea(editor, { w: props.w, h: props.h }, { selectionPanels: false })
  const id = createShapeId()
  editor.createShape({ id, type, x, y, props } as TLShapePartial)
  editor.select(id)
  keepClearOfPanelsOnceShown(editor, id, () =>
    placeInVisibleArea(editor, { w: props.w, h: props.h }, { obstacles: shapesBesides(editor, id) }),
  )
  return id
}
