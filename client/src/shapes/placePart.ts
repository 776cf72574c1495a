import { kitShapeSpec, linkLabel, type Part } from '@roofline/shared/shapes'
import {
  createShapeId,
  type Editor,
  type TLArrowShape,
  type TLShape,
  type TLShapeId,
  toRichText,
  type VecLike,
} from 'tldraw'
import { keepClearOfPanelsOnceShown } from '../boardTools/boardArea.ts'
import { placeInVisibleArea } from '../boardTools/cardPlacement.ts'

/**
 * Places a part's shape centred on `at` (page coordinates; when omitted, the free spot nearest
 * the middle of the visible board area, never under a panel; a full view zooms out to make room), inside the boundary under that point if there is one, and selects it. Repeated
 * clicks cascade instead of stacking exactly. Returns the new shape's id, or null for a part
 * that is not a shape (the link, which is drawn).
 */
export function placePart(editor: Editor, part: Part, at?: VecLike): TLShapeId | null {
  if (part.action.kind !== 'shape' || editor.getIsReadonly()) return null
  const spec = kitShapeSpec(part.action.type)
  if (!spec) return null
  const props = { ...spec.defaults(), ...part.action.props } as { w: number; h: number }
  const center = at ?? freeSpotForPart(editor, props)
  const id = createShapeId()
  editor.markHistoryStoppingPoint(`place ${part.id}`)
  editor.run(() => {
    editor.createShape({
      id,
      type: part.action.kind === 'shape' ? part.action.type : '',
      x: center.x - props.w / 2,
      y: center.y - props.h / 2,
      props,
    } as Parameters<Editor['createShape']>[0])
    const container = editor.getShapeAtPoint(center, {
      hitInside: true,
      filter: (shape) => shape.type === 'boundary' && shape.id !== id,
    })
    if (container && part.action.kind === 'shape' && part.action.type !== 'boundary')
      editor.reparentShapes([id], container.id)
    editor.select(id)
  })
  // A part dropped where the person let go stays there; one placed for them keeps clear of
  // the inspector and estimates its selection brings up.
  if (!at) {
    keepClearOfPanelsOnceShown(editor, id, () => {
      const again = freeSpotForPart(editor, props, { besides: id })
      return { x: again.x - props.w / 2, y: again.y - props.h / 2 }
    })
  }
  return id
}

/** Room kept around a placed part for a labelled link to a neighbour (page units, each side). */
const LINK_ROOM = { x: 48, y: 28 }
/** The inspector that opens top right for the placed (selected) part, in screen pixels. */
const INSPECTOR = { w: 300, h: 340 }

/**
 * Where a new part of `size` goes (its centre): the free spot nearest the middle of the visible
 * board area, with room for a link around it, clear of the cards already there (boundaries and
 * arrows may be overlapped: placing into a region is what people want), of the panels over the
 * board and of the inspector the part's selection opens (a full view zooms out to make room).
 * `besides`: placing that part again, clear of everything but itself.
 */
function freeSpotForPart(
  editor: Editor,
  size: { w: number; h: number },
  { besides }: { besides?: TLShapeId } = {},
): VecLike {
  const canvas = editor.getViewportScreenBounds()
  const obstacles = editor
    .getCurrentPageShapes()
    .filter((shape) => shape.type !== 'boundary' && shape.type !== 'arrow' && shape.id !== besides)
    .map((shape) => editor.getShapePageBounds(shape))
    .filter((bounds) => bounds !== undefined)
  const spot = placeInVisibleArea(editor, size, {
    obstacles,
    margin: LINK_ROOM,
    // Placing: the part is selected once placed, so the previous selection's estimates go and
    // its inspector comes. Placing again (`besides` the part): its own panels are showing.
    selectionPanels: besides !== undefined,
    reserved: besides ? [] : [{ x: canvas.maxX - INSPECTOR.w, y: canvas.minY, ...INSPECTOR }],
  })
  return { x: spot.x + size.w / 2, y: spot.y + size.h / 2 }
}

/** A link's label, as the arrow's text: '8 × IB NDR · 400 GB/s'. */
export function linkLabelProps(linkType: string, linkCount = 1): Partial<TLArrowShape['props']> {
  return { richText: toRichText(linkLabel(linkType, linkCount)) }
}

/** How a new link looks: a thin arrow in the network colour with a small, upright label. */
export const linkArrowStyle: Partial<TLArrowShape['props']> = {
  size: 's',
  font: 'sans',
  color: 'blue',
  labelColor: 'black',
  scale: 0.75,
}

/**
 * Joins two shapes with an arrow bound at both ends (it follows them when they move); with a
 * `linkType`, the arrow is a link carrying that preset and its bandwidth label.
 */
export function connectShapes(editor: Editor, from: TLShape, to: TLShape, linkType?: string): TLShapeId {
  const id = createShapeId()
  const start = editor.getShapePageBounds(from)?.center ?? { x: from.x, y: from.y }
  const end = editor.getShapePageBounds(to)?.center ?? { x: to.x, y: to.y }
  editor.run(() => {
    editor.createShape<TLArrowShape>({
      id,
      type: 'arrow',
      x: start.x,
      y: start.y,
      props: {
        start: { x: 0, y: 0 },
        end: { x: end.x - start.x, y: end.y - start.y },
        ...(linkType ? { ...linkArrowStyle, ...linkLabelProps(linkType) } : {}),
      },
      meta: linkType ? { linkType, linkCount: 1 } : {},
    })
    editor.createBindings(
      (['start', 'end'] as const).map((terminal) => ({
        type: 'arrow' as const,
        fromId: id,
        toId: terminal === 'start' ? from.id : to.id,
        props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false },
      })),
    )
  })
  return id
}
