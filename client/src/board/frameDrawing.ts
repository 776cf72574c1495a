import type { Editor } from 'tldraw'

/** Room left around the drawing, in screen pixels. */
const MARGIN = 40

/**
 * Moves the camera so the whole drawing on the current page shows, centred in the part of the
 * board no panel covers (the palette on the left, the style panel on the right), never zoomed
 * in past 100%. Someone who
 * opens a link to a drawn board sees the drawing, not the page's origin with the drawing off
 * to one side or under the palette.
 */
export function frameDrawing(editor: Editor): void {
  const bounds = editor.getCurrentPageBounds()
  if (!bounds || bounds.w <= 0 || bounds.h <= 0) return
  const viewport = editor.getViewportScreenBounds()
  const { left, right } = coveredByPanels(editor, viewport)
  const width = viewport.w - left - right - 2 * MARGIN
  const height = viewport.h - 2 * MARGIN
  if (width <= 0 || height <= 0) return
  const z = Math.min(1, width / bounds.w, height / bounds.h)
  const centre = { x: left + MARGIN + width / 2, y: MARGIN + height / 2 }
  editor.setCamera({ x: centre.x / z - bounds.midX, y: centre.y / z - bounds.midY, z })
}

/**
 * How far the panels over the board reach in from its sides: the parts palette on the left,
 * tldraw's style panel on the right (either may be absent).
 */
function coveredByPanels(
  editor: Editor,
  viewport: { x: number; w: number },
): { left: number; right: number } {
  const container = editor.getContainer()
  const rect = (selector: string) => container.querySelector(selector)?.getBoundingClientRect()
  const palette = rect('[data-testid="parts-palette"]')
  const styles = rect('.tlui-style-panel__wrapper')
  return {
    left: palette ? Math.max(0, palette.right - viewport.x) : 0,
    right: styles ? Math.max(0, viewport.x + viewport.w - styles.left) : 0,
  }
}
