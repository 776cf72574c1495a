import { readLinkMeta } from '@roofline/shared/shapes'
import {
  Box,
  createBindingId,
  createShapeId,
  type Editor,
  type TLBindingCreate,
  type TLParentId,
  type TLShapeId,
  type TLShapePartial,
} from 'tldraw'
import { frameInVisibleArea } from '../boardTools/boardArea.ts'
import { linkLabelProps } from './placePart.ts'

type Json = Record<string, unknown>

/** What loading a starter diagram did. */
export interface StarterLoadResult {
  /** Ids of the shapes created. */
  shapeIds: TLShapeId[]
  /** Records left out: not a shape or binding, malformed, or refused by tldraw's validation. */
  skipped: number
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null

/** How a starter diagram is loaded. */
export interface StarterLoadOptions {
  /**
   * Derive every id from this key and the record's own id instead of making new ones: two
   * browsers loading the same diagram at once then write the same records, which the room
   * merges into one copy. Shapes that already exist are left as they are.
   */
  stableIdsFrom?: string
  /** Keep it out of the undo history (a session's start is nobody's edit to take back). */
  ignoreHistory?: boolean
  /**
   * Marks every shape as part of this example diagram (`meta.example`): the server removes
   * such shapes when a session's candidate adds them without the interviewer's leave.
   */
  example?: string
}

/**
 * Loads a template's starter diagram (an array of tldraw shape and binding records, as
 * `templateSchema.starterDiagram` holds them) into the editor as one undoable step:
 *
 * - every id is new, so loading twice gives two copies and never clashes with the board
 *   (unless `options.stableIdsFrom` asks for ids derived from the diagram's);
 * - shapes keep their parent within the diagram, others go on the current page;
 * - on a board that already has shapes, the diagram goes to the right of them;
 * - link arrows without text get their bandwidth label;
 * - a record tldraw refuses is skipped and counted, never thrown.
 *
 * The camera then frames the new shapes.
 *
 * @example loadStarterDiagram(editor, template.starterDiagram ?? [])
 */
export function loadStarterDiagram(
  editor: Editor,
  records: readonly unknown[],
  options: StarterLoadOptions = {},
): StarterLoadResult {
  const shapes = records.filter(
    (r): r is Json => isObject(r) && r.typeName === 'shape' && typeof r.id === 'string',
  )
  const bindings = records.filter(
    (r): r is Json => isObject(r) && r.typeName === 'binding' && typeof r.fromId === 'string',
  )
  let skipped = records.length - shapes.length - bindings.length
  const key = options.stableIdsFrom
  const bare = (id: string) => id.slice(id.indexOf(':') + 1)
  const newIds = new Map<string, TLShapeId>(
    shapes.map((s) => [s.id as string, createShapeId(key ? `${key}-${bare(s.id as string)}` : undefined)]),
  )
  const pageId = editor.getCurrentPageId()
  const existing = editor.getCurrentPageBounds()
  const created: TLShapeId[] = []

  if (!options.ignoreHistory) editor.markHistoryStoppingPoint('load starter diagram')
  editor.run(
    () => {
      for (const record of parentsFirst(shapes)) {
        const { id, index: _index, typeName: _typeName, parentId, ...rest } = record
        const parent = typeof parentId === 'string' ? newIds.get(parentId) : undefined
        const partial = {
          ...rest,
          id: newIds.get(id as string),
          parentId: (parent ?? pageId) as TLParentId,
        } as Json
        if (options.example)
          partial.meta = { ...(isObject(partial.meta) ? partial.meta : {}), example: options.example }
        const link = readLinkMeta(partial.meta)
        const props = isObject(partial.props) ? partial.props : {}
        if (partial.type === 'arrow' && link.kind === 'link' && !('richText' in props)) {
          partial.props = { ...props, ...linkLabelProps(link.linkType, link.linkCount) }
        }
        if (editor.getShape(partial.id as TLShapeId)) continue
        try {
          editor.createShape(partial as TLShapePartial)
          created.push(partial.id as TLShapeId)
        } catch (error) {
          skipped += 1
          console.warn('Roofline: skipped a starter diagram shape', record.id, error)
        }
      }
      for (const binding of bindings) {
        const fromId = newIds.get(binding.fromId as string)
        const toId = newIds.get(binding.toId as string)
        if (!fromId || !toId || !editor.getShape(fromId) || !editor.getShape(toId)) {
          skipped += 1
          continue
        }
        const id = createBindingId(key ? `${key}-${bare(String(binding.id))}` : undefined)
        if (editor.getBinding(id)) continue
        try {
          editor.createBindings([{ ...binding, id, fromId, toId } as TLBindingCreate])
        } catch (error) {
          skipped += 1
          console.warn('Roofline: skipped a starter diagram binding', binding.id, error)
        }
      }
      // Arrows follow their bindings; the shapes they join are what is moved.
      const topLevel = created.filter((id) => {
        const shape = editor.getShape(id)
        return shape?.parentId === pageId && shape.type !== 'arrow'
      })
      if (existing && topLevel.length > 0) {
        // Set the diagram beside what is already there rather than on top of it.
        const bounds = Box.Common(
          topLevel.map((id) => editor.getShapePageBounds(id)).filter((b) => b !== undefined),
        )
        const dx = existing.maxX + 200 - bounds.minX
        const dy = existing.minY - bounds.minY
        for (const id of topLevel) {
          const shape = editor.getShape(id)
          if (shape) editor.updateShape({ id, type: shape.type, x: shape.x + dx, y: shape.y + dy })
        }
      }
    },
    options.ignoreHistory ? { history: 'ignore' } : undefined,
  )
  const framed = Box.Common(created.map((id) => editor.getShapePageBounds(id)).filter((b) => b !== undefined))
  // Framed in the part of the board no panel covers (tldraw's zoomToBounds centres it under them).
  if (created.length > 0) frameInVisibleArea(editor, framed, { animate: true })
  return { shapeIds: created, skipped }
}

/** Orders shapes so that each comes after its parent. */
function parentsFirst(shapes: Json[]): Json[] {
  const byId = new Map(shapes.map((s) => [s.id as string, s]))
  const depth = (shape: Json, seen = new Set<string>()): number => {
    const parent = byId.get(shape.parentId as string)
    if (!parent || seen.has(shape.id as string)) return 0
    seen.add(shape.id as string)
    return 1 + depth(parent, seen)
  }
  return [...shapes].sort((a, b) => depth(a) - depth(b))
}
