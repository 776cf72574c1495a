import { Box, type BoxLike, type Editor, type TLShapeId } from 'tldraw'

/**
 * The part of the board nobody's panel covers. The canvas runs under tldraw's menus and
 * toolbar, the parts palette, the inspector and estimates, the style panel and (on a narrow
 * window) the session's side-panel drawer; what is placed or framed there must land in the
 * rest, where the person can see it.
 */

/**
 * What lies over the canvas: tldraw's menu, style panel, toolbar and zoom buttons, the kit's
 * palette, inspector and estimates, and the session panel when it is a drawer over the board.
 */
const OVER_THE_CANVAS = [
  '.tlui-menu-zone',
  '.tlui-style-panel',
  '.tlui-main-toolbar__inner',
  '.tlui-main-toolbar__extras',
  '.tlui-navigation-panel',
  '.kit-palette',
  '.kit-palette-toggle',
  '.side-panel[data-drawer="true"]',
]
/** The panels that show the selection (inspector, estimates): they change with it. */
const SELECTION_PANELS = '.kit-side > *'

/**
 * Which panels count. Code that is about to change the selection (placing a part selects it)
 * leaves out the selection's panels, which are about to show something else.
 */
export interface PanelOptions {
  selectionPanels?: boolean
}

/** Room kept between framed content and the panels, in screen pixels. */
const FRAME_MARGIN = 40
/** A visible area narrower or lower than this (px) is no area: the whole canvas is used. */
const MIN_VISIBLE = 160

/** The canvas's rectangle on the screen (client pixels). */
function canvasScreenBox(editor: Editor): Box {
  return editor.getViewportScreenBounds().clone()
}

/**
 * The part of `element` that shows: its rectangle, cut to its parent's when the parent scrolls
 * (the estimates run on below the inspector column, which scrolls them).
 */
function shownBox(element: Element): Box {
  const rect = element.getBoundingClientRect()
  const box = new Box(rect.x, rect.y, rect.width, rect.height)
  const parent = element.parentElement
  if (!parent || getComputedStyle(parent).overflowY === 'visible') return box
  const clip = parent.getBoundingClientRect()
  const x = Math.max(box.minX, clip.left)
  const y = Math.max(box.minY, clip.top)
  return new Box(
    x,
    y,
    Math.max(0, Math.min(box.maxX, clip.right) - x),
    Math.max(0, Math.min(box.maxY, clip.bottom) - y),
  )
}

/** The panels over the canvas, as screen rectangles clipped to it. */
export function panelScreenBoxes(editor: Editor, { selectionPanels = true }: PanelOptions = {}): Box[] {
  const canvas = canvasScreenBox(editor)
  const boxes: Box[] = []
  const selector = [...OVER_THE_CANVAS, ...(selectionPanels ? [SELECTION_PANELS] : [])].join(', ')
  for (const element of document.querySelectorAll(selector)) {
    const box = shownBox(element)
    if (box.w <= 0 || box.h <= 0 || !canvas.collides(box)) continue
    const x = Math.max(box.minX, canvas.minX)
    const y = Math.max(box.minY, canvas.minY)
    boxes.push(new Box(x, y, Math.min(box.maxX, canvas.maxX) - x, Math.min(box.maxY, canvas.maxY) - y))
  }
  return boxes
}

/** A screen rectangle in page coordinates. */
function toPage(editor: Editor, box: BoxLike): Box {
  const topLeft = editor.screenToPage({ x: box.x, y: box.y })
  const bottomRight = editor.screenToPage({ x: box.x + box.w, y: box.y + box.h })
  return new Box(topLeft.x, topLeft.y, bottomRight.x - topLeft.x, bottomRight.y - topLeft.y)
}

/** The panels over the canvas, in page coordinates (for keeping placed shapes out from under them). */
export function panelPageBoxes(editor: Editor, options?: PanelOptions): Box[] {
  return panelScreenBoxes(editor, options).map((box) => toPage(editor, box))
}

/**
 * The visible board area on the screen: the canvas less a band on each side as deep as the
 * panels that hug that side. Each panel is taken from the side it reaches least far in from
 * (the palette from the left, the toolbar from the bottom, the style panel from the right).
 */
export function visibleScreenBox(editor: Editor, options?: PanelOptions): Box {
  const canvas = canvasScreenBox(editor)
  const inset = { left: 0, right: 0, top: 0, bottom: 0 }
  for (const box of panelScreenBoxes(editor, options)) {
    const cuts = {
      left: box.maxX - canvas.minX,
      right: canvas.maxX - box.minX,
      top: box.maxY - canvas.minY,
      bottom: canvas.maxY - box.minY,
    }
    const side = (Object.keys(cuts) as Array<keyof typeof cuts>).reduce((a, b) =>
      cuts[a] <= cuts[b] ? a : b,
    )
    inset[side] = Math.max(inset[side], cuts[side])
  }
  const visible = new Box(
    canvas.x + inset.left,
    canvas.y + inset.top,
    canvas.w - inset.left - inset.right,
    canvas.h - inset.top - inset.bottom,
  )
  return visible.w >= MIN_VISIBLE && visible.h >= MIN_VISIBLE ? visible : canvas
}

/** The visible board area in page coordinates. */
export function visiblePageBox(editor: Editor, options?: PanelOptions): Box {
  return toPage(editor, visibleScreenBox(editor, options))
}

/**
 * The zoom at which `bounds` (page coordinates) fits the visible board area with a margin, at
 * most `maxZoom` and at least tldraw's smallest zoom step.
 */
function zoomToShow(editor: Editor, bounds: BoxLike, visible: Box, maxZoom: number): number | null {
  const room = { w: visible.w - 2 * FRAME_MARGIN, h: visible.h - 2 * FRAME_MARGIN }
  if (room.w <= 0 || room.h <= 0 || bounds.w <= 0 || bounds.h <= 0) return null
  const minZoom = editor.getCameraOptions().zoomSteps[0] ?? 0.05
  return Math.max(minZoom, Math.min(maxZoom, room.w / bounds.w, room.h / bounds.h))
}

/**
 * Moves the camera so `bounds` (page coordinates) shows whole and centred in the visible board
 * area, at most at `maxZoom` (100 % unless asked: a small drawing is not blown up).
 */
export function frameInVisibleArea(
  editor: Editor,
  bounds: BoxLike,
  { maxZoom = 1, animate = false, ...options }: { maxZoom?: number; animate?: boolean } & PanelOptions = {},
): void {
  const visible = visibleScreenBox(editor, options)
  const z = zoomToShow(editor, bounds, visible, maxZoom)
  if (z === null) return
  const canvas = canvasScreenBox(editor)
  // Screen position of the visible area's centre, relative to the canvas (camera space).
  const centre = { x: visible.midX - canvas.x, y: visible.midY - canvas.y }
  editor.setCamera(
    { x: centre.x / z - (bounds.x + bounds.w / 2), y: centre.y / z - (bounds.y + bounds.h / 2), z },
    animate ? { animation: { duration: 200 } } : undefined,
  )
}

/** Frames everything on the current page in the visible board area (tldraw's zoom to fit, panels counted). */
export function fitContentToVisibleArea(editor: Editor, options?: { animate?: boolean }): void {
  const bounds = editor.getCurrentPageBounds()
  if (bounds) frameInVisibleArea(editor, bounds, options)
}

/**
 * Brings `bounds` (a card or part just placed beside a full view) into the visible board area
 * when it is not already there: zooms out to show what was in view and it together, or, when
 * that would shrink the view to less than half, pans to it at the same zoom.
 */
export function bringIntoVisibleArea(editor: Editor, bounds: BoxLike, options?: PanelOptions): void {
  const visible = visiblePageBox(editor, options)
  const placed = Box.From(bounds)
  if (visible.contains(placed)) return
  const both = Box.Common([visible, placed])
  const zoom = editor.getZoomLevel()
  const z = zoomToShow(editor, both, visibleScreenBox(editor, options), zoom)
  if (z !== null && z >= zoom / 2) {
    frameInVisibleArea(editor, both, { ...options, maxZoom: zoom, animate: true })
    return
  }
  const camera = editor.getCamera()
  editor.setCamera(
    { x: camera.x + (visible.midX - placed.midX), y: camera.y + (visible.midY - placed.midY), z: camera.z },
    { animation: { duration: 200 } },
  )
}

/**
 * Once the UI has caught up with a new selection (two frames: the inspector and estimates of
 * the shape just placed appear, and the estimates run the board's height), moves the shape to
 * `placeAgain()` (its new top-left corner, found with those panels showing) if one of them came
 * down over it. The move is not an undo step of its own: undo takes the placing back.
 */
export function keepClearOfPanelsOnceShown(
  editor: Editor,
  id: TLShapeId,
  placeAgain: () => { x: number; y: number },
): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const bounds = editor.getShapePageBounds(id)
      if (!bounds || !panelPageBoxes(editor).some((panel) => panel.collides(bounds))) return
      const spot = placeAgain()
      editor.run(() => editor.nudgeShapes([id], { x: spot.x - bounds.x, y: spot.y - bounds.y }), {
        history: 'ignore',
      })
    }),
  )
}
