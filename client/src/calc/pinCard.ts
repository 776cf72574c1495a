import { type CalcCardProps, calcCardShapeType } from '@roofline/shared'
import { createShapeId, type Editor, type TLShapeId } from 'tldraw'
import { freeSpotInView } from '../board/cardPlacement.ts'

/**
 * Pins a calculator result to the board as a calc-card, in the pinner's view clear of what is
 * drawn there, and selects it.
 */
export function pinCalcCard(editor: Editor, props: CalcCardProps): TLShapeId {
  const { x, y } = freeSpotInView(editor, { w: props.w, h: props.h })
  const id = createShapeId()
  editor.createShape({ id, type: calcCardShapeType, x, y, props })
  editor.select(id)
  return id
}
