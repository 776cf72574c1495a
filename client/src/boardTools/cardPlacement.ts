import { Box, type Editor, type TLShapeId } from 'tldraw'
import { bringIntoVisibleArea, type PanelOptions, panelScreenBoxes, visibleScreenBox } from './boardArea.ts'

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
/** How far the view may zoom out, step by step, to find room for a card in sight. */
const ZOOM_OUT_STEPS = [1, 1.25, 1.5, 2] as const

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP && a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP
}

/**
 * The free position for a card of `size` inside `view` nearest `focus` (the view's centre unless
 * given), covering none of the `occupied` rectangles, or null when the view has no room.
 */
export function freeSpotWithin(
  view: Rect,
  occupied: readonly Rect[],
  size: { w: number; h: number },
  focus: { x: number; y: number } = { x: view.x + view.w / 2, y: view.y + view.h / 2 },
): { x: number; y: number } | null {
  const centre = { x: focus.x - size.w / 2, y: focus.y - size.h / 2 }
  const candidates: Array<{ x: number; y: number; distance: number }> = []
  for (let y = view.y + GAP; y + size.h <= view.y + view.h - GAP; y += STEP) {
    for (let x = view.x + GAP; x + size.w <= view.x + view.w - GAP; x += STEP) {
      candidates.push({ x, y, distance: Math.hypot(x - centre.x, y - centre.y) })
    }
  }
  candidates.sort((a, b) => a.distance - b.distance)
  const free = candidates.find((spot) => !occupied.some((rect) => overlaps({ ...spot, ...size }, rect)))
  return free ? { x: free.x, y: free.y } : null
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
  const free = freeSpotWithin(view, occupied, size)
  if (free) return free
  if (occupied.length === 0)
    return { x: view.x + view.w / 2 - size.w / 2, y: view.y + view.h / 2 - size.h / 2 }
  const right = Math.max(...occupied.map((rect) => rect.x + rect.w))
  const top = Math.min(...occupied.map((rect) => rect.y))
  return { x: right + GAP * 2, y: top }
}

/** What to keep clear of when placing, besides the panels over the board. */
export interface PlacementOptions extends PanelOptions {
  /** The shapes that may not be covered (page coordinates); by default every shape on the page. */
  obstacles?: readonly Rect[]
  /** Screen rectangles that will be covered once placed (the inspector the selection opens). */
  reserved?: readonly Rect[]
  /**
   * Room wanted around the card on each side (page units; a link's label between parts),
   * given up before zooming out.
   */
  margin?: { x: number; y: number }
}

/** Every shape on the current page but `id` (when given), as page rectangles. */
export function shapesBesides(editor: Editor, id?: TLShapeId): Rect[] {
  return editor
    .getCurrentPageShapes()
    .filter((shape) => shape.id !== id)
    .map((shape) => editor.getShapePageBounds(shape))
    .filter((bounds) => bounds !== undefined)
}

/**
 * Where a card of `size` goes on the editor's current page (its top-left corner): in the visible
 * board area of the placer's view, clear of the drawing (a revealed answer or a pinned result
 * must not hide the diagram) and of every panel over the board, as near the middle of the part
 * the panels leave free as there is room. A full view zooms out (to half, at most) to make room beside
 * the drawing; past that the card goes right of the drawing and the view pans to it.
 */
export function placeInVisibleArea(
  editor: Editor,
  size: { w: number; h: number },
  options: PlacementOptions = {},
): { x: number; y: number } {
  const canvas = editor.getViewportScreenBounds()
  const visible = visibleScreenBox(editor, options)
  const { margin } = options
  const covered = [...panelScreenBoxes(editor, options), ...(options.reserved ?? [])]
  const drawn = options.obstacles ?? shapesBesides(editor)
  const zoom = editor.getZoomLevel()
  // Zooming out keeps the visible area's centre where it is on the page and on the screen.
  const centre = editor.screenToPage(visible.center)
  for (const factor of ZOOM_OUT_STEPS) {
    const z = zoom / factor
    const toPage = (rect: Rect): Rect => ({
      x: centre.x + (rect.x - visible.midX) / z,
      y: centre.y + (rect.y - visible.midY) / z,
      w: rect.w / z,
      h: rect.h / z,
    })
    // Anywhere on the canvas the panels leave free, nearest the middle of the visible area:
    // with the room around it if there is space, else without.
    const region = toPage(canvas)
    const obstacles = [...drawn, ...covered.map(toPage)]
    const roomy =
      margin &&
      freeSpotWithin(region, obstacles, { w: size.w + 2 * margin.x, h: size.h + 2 * margin.y }, centre)
    const spot = roomy
      ? { x: roomy.x + (margin?.x ?? 0), y: roomy.y + (margin?.y ?? 0) }
      : freeSpotWithin(region, obstacles, size, centre)
    if (!spot) continue
    if (factor > 1) {
      const offset = { x: visible.midX - canvas.x, y: visible.midY - canvas.y }
      editor.setCamera(
        { x: offset.x / z - centre.x, y: offset.y / z - centre.y, z },
        { animation: { duration: 200 } },
      )
    }
    return spot
  }
  const pageCovered = covered
    .map((rect) => Box.From(rect))
    .map((box) => {
      const topLeft = editor.screenToPage(box.point)
      return { x: topLeft.x, y: topLeft.y, w: box.w / zoom, h: box.h / zoom }
    })
  const spot = findFreeSpot(editor.getViewportPageBounds(), [...drawn, ...pageCovered], size)
  bringIntoVisibleArea(editor, { ...spot, ...size }, options)
  return spot
}
