import { kitShapeSpec, linkLabel, type Part } from '@roofline/shared/shapes'
import {
  Box,
  createShapeId,
  type Editor,
  type TLArrowShape,
  type TLShape,
  type TLShapeId,
  toRichText,
  type VecLike,
} from 'tldraw'

/**
 * Places a part's shape centred on `at` (page coordinates; the middle of the view when
 * omitted), inside the boundary under that point if there is one, and selects it. Repeated
 * clicks cascade instead of stacking exactly. Returns the new shape's id, or null for a part
 * that is not a shape (the link, which is drawn).
 */
export function placePart(editor: Editor, part: Part, at?: VecLike): TLShapeId | null {
  if (part.action.kind !== 'shape' || editor.getIsReadonly()) return null
  const spec = kitShapeSpec(part.action.type)
  if (!spec) return null
  const props = { ...spec.defaults(), ...part.action.props } as { w: number; h: number }
  const center = at ?? cascade(editor, editor.getViewportPageBounds().center, props)
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
  return id
}

/**
 * The free spot nearest `center` for a shape of `size`: the centre itself, else the closest
 * cell of a grid around it that overlaps no card (boundaries and arrows may be overlapped:
 * placing into a region is what people want).
 */
function cascade(editor: Editor, center: VecLike, size: { w: number; h: number }): VecLike {
  // Room for a labelled link between neighbours.
  const gap = { x: 120, y: 72 }
  const obstacles = editor
    .getCurrentPageShapes()
    .filter((shape) => shape.type !== 'boundary' && shape.type !== 'arrow')
    .map((shape) => editor.getShapePageBounds(shape))
    .filter((bounds) => bounds !== undefined)
  const free = (x: number, y: number) => {
    const box = new Box(x - size.w / 2, y - size.h / 2, size.w, size.h)
    return !obstacles.some((other) => box.collides(other))
  }
  const cells: Array<[number, number]> = []
  for (let dx = -4; dx <= 4; dx++) for (let dy = -4; dy <= 4; dy++) cells.push([dx, dy])
  const distance = ([dx, dy]: [number, number]) => Math.hypot(dx * (size.w + gap.x), dy * (size.h + gap.y))
  cells.sort((a, b) => distance(a) - distance(b))
  for (const [dx, dy] of cells) {
    const x = center.x + dx * (size.w + gap.x)
    const y = center.y + dy * (size.h + gap.y)
    if (free(x, y)) return { x, y }
  }
  return center
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
