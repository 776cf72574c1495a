import type { Editor } from 'tldraw'

/** A rectangle in page coordinates. */
export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

/** Space kept between a placed card and the shapes around it. */
const GAP = 16
/** Distance between the positions tried. */
const STEP = 40

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP && a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP
}

/**
 * Where a card of `size` goes so that it covers none of the `occupied` rectangles: the free
 * position inside `view` nearest the view's centre, or, when the view has no room, just right of
 * everything on the page, level with its top.
 */
export function findFreeSpot(
  view: Rect,
  occupied: readonly Rect[],
  size: { w: number; h: number },
): {
  x: number
  y: number
} {
  const centre = { x: view.x + view.w / 2 - size.w / 2, y: view.y + view.h / 2 - size.h / 2 }
  const candidates: Array<{ x: number; y: number; distance: number }> = []
  for (let y = view.y + GAP; y + size.h <= view.y + view.h - GAP; y += STEP) {
    for (let x = view.x + GAP; x + size.w <= view.x + view.w - GAP; x += STEP) {
      candidates.push({ x, y, distance: Math.hypot(x - centre.x, y - centre.y) })
    }
  }
  candidates.sort((a, b) => a.distance - b.distance)
  const free = candidates.find((spot) => !occupied.some((rect) => overlaps({ ...spot, ...size }, rect)))
  if (free) return { x: free.x, y: free.y }
  if (occupied.length === 0) return centre
  const right = Math.max(...occupied.map((rect) => rect.x + rect.w))
  const top = Math.min(...occupied.map((rect) => rect.y))
  return { x: right + GAP * 2, y: top }
}

/**
 * Where a card of `size` goes on the editor's current page: in the pinner's view, clear of the
 * shapes already drawn (a revealed answer or a pinned result must not hide the diagram).
 */
export function freeSpotInView(editor: Editor, size: { w: number; h: number }): { x: number; y: number } {
  const view = editor.getViewportPageBounds()
  const occupied: Rect[] = []
  for (const shape of editor.getCurrentPageShapes()) {
    const bounds = editor.getShapePageBounds(shape)
    if (bounds) occupied.push({ x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h })
  }
  return findFreeSpot({ x: view.x, y: view.y, w: view.w, h: view.h }, occupied, size)
}
