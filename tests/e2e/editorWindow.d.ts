/** A shape as the end-to-end tests read it. */
interface RooflineTestShape {
  id: string
  type: string
  x: number
  y: number
  parentId: string
  isLocked: boolean
  props: Record<string, unknown>
  meta: Record<string, unknown>
}

/** A shape to create, or the fields of one to change. */
interface RooflineTestShapePartial {
  type: string
  x?: number
  y?: number
  isLocked?: boolean
  props?: Record<string, unknown>
  meta?: Record<string, unknown>
}

/** What the end-to-end tests use of the page's tldraw editor (exposed as `window.__rooflineEditor`). */
interface RooflineTestEditor {
  getCurrentPageShapes(): RooflineTestShape[]
  getShape(id: string): RooflineTestShape | undefined
  getSelectedShapeIds(): string[]
  getCurrentToolId(): string
  select(...ids: string[]): RooflineTestEditor
  selectNone(): RooflineTestEditor
  updateShape(partial: RooflineTestShapePartial & { id: string }): RooflineTestEditor
  createShape(partial: RooflineTestShapePartial): RooflineTestEditor
  createShapes(partials: RooflineTestShapePartial[]): RooflineTestEditor
  zoomToFit(): RooflineTestEditor
  deleteShapes(ids: string[]): RooflineTestEditor
  toggleLock(ids: string[]): RooflineTestEditor
  reparentShapes(ids: string[], parentId: string): RooflineTestEditor
  getCurrentPageId(): string
  getCurrentPageShapeIds(): Set<string>
  getSvgString(ids: string[], opts?: { background?: boolean }): Promise<{ svg: string } | undefined>
  toImage(
    ids: string[],
    opts?: { format?: 'png' | 'svg'; background?: boolean; padding?: number },
  ): Promise<{ blob: Blob }>
  getShapePageBounds(id: string): { x: number; y: number; w: number; h: number } | undefined
  getCurrentPageBounds(): { x: number; y: number; w: number; h: number } | undefined
  pageToScreen(point: { x: number; y: number }): { x: number; y: number }
  screenToPage(point: { x: number; y: number }): { x: number; y: number }
  getZoomLevel(): number
  zoomToBounds(
    bounds: { x: number; y: number; w: number; h: number },
    opts?: { inset?: number; targetZoom?: number },
  ): RooflineTestEditor
  setCamera(camera: { x: number; y: number; z: number }): RooflineTestEditor
  getCamera(): { x: number; y: number; z: number }
  getViewportScreenBounds(): { x: number; y: number; w: number; h: number }
  getViewportPageBounds(): { x: number; y: number; w: number; h: number }
  getInstanceState(): { followingUserId: string | null }
  stopFollowingUser(): RooflineTestEditor
  user: { getId(): string; getRecordId(): string }
  /** Everyone else's latest presence, and those tldraw shows (its people menu, cursors). */
  getCollaborators(): Array<{ userId: string; userName: string; lastActivityTimestamp: number | null }>
  getVisibleCollaborators(): Array<{ userId: string; userName: string }>
  store: {
    get(id: string): Record<string, unknown> | undefined
    put(records: Array<Record<string, unknown>>): void
  }
}

interface Window {
  __rooflineEditor?: RooflineTestEditor
}
