import { type CalcCardProps, calcCardShapeType } from '@roofline/shared'
import { createShapeId, type Editor, type TLShapeId } from 'tldraw'

/**
 * Pins a calculator result to the board as a calc-card, in the middle of the pinner's view
 * (stepped a little per card so several pins do not hide each other), and selects it.
 */
export function pinCalcCard(editor: Editor, props: CalcCardProps): TLShapeId {
  const center = editor.getViewportPageBounds().center
  const pinned = editor.getCurrentPageShapes().filter((s) => s.type === calcCardShapeType).length
  const step = (pinned % 6) * 24
  const id = createShapeId()
  editor.createShape({
    id,
    type: calcCardShapeType,
    x: center.x - props.w / 2 + step,
    y: center.y - props.h / 2 + step,
    props,
  })
  editor.select(id)
  return id
}
