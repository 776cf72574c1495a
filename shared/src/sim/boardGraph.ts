import { boundaryShape } from '../shapes/boundary.ts'
import { shapeTypes } from '../shapes/parts.ts'
import { checkProps } from '../shapes/shapeSpec.ts'

/** A tldraw record as a board holds it: a shape (type, parent, props, meta) or an arrow binding. */
export interface BoardRecord {
  id?: unknown
  typeName?: unknown
  type?: unknown
  parentId?: unknown
  props?: unknown
  meta?: unknown
  fromId?: unknown
  toId?: unknown
}

/** A shape of the board with what the mapping needs. */
export interface BoardShape {
  id: string
  type: string
  parentId: string
  props: Record<string, unknown>
  meta: unknown
  /** Its label, or its type when it has none: what messages call it. */
  name: string
}

/** An arrow bound at both ends. */
export interface BoardArrow {
  shape: BoardShape
  from: string
  to: string
}

/**
 * The board as a graph: shapes by id, children by parent, and arrows with both ends bound
 * (an arrow's start and end bindings are separate records pointing at the arrow).
 */
export class BoardGraph {
  readonly shapes = new Map<string, BoardShape>()
  readonly children = new Map<string, BoardShape[]>()
  readonly arrows: BoardArrow[] = []

  constructor(records: readonly BoardRecord[]) {
    const ends = new Map<string, { start?: string; end?: string }>()
    for (const record of records) {
      if (typeof record.id !== 'string' || typeof record.type !== 'string') continue
      if (record.typeName === 'binding') {
        const terminal = (record.props as { terminal?: unknown } | undefined)?.terminal
        if (typeof record.fromId !== 'string' || typeof record.toId !== 'string') continue
        if (terminal !== 'start' && terminal !== 'end') continue
        const seen = ends.get(record.fromId) ?? {}
        seen[terminal] = record.toId
        ends.set(record.fromId, seen)
        continue
      }
      if (record.typeName !== undefined && record.typeName !== 'shape') continue
      const props = (typeof record.props === 'object' && record.props !== null ? record.props : {}) as Record<
        string,
        unknown
      >
      const label = typeof props.label === 'string' && props.label.trim() ? props.label.trim() : record.type
      const shape: BoardShape = {
        id: record.id,
        type: record.type,
        parentId: typeof record.parentId === 'string' ? record.parentId : 'page:page',
        props,
        meta: record.meta,
        name: label,
      }
      this.shapes.set(shape.id, shape)
      const siblings = this.children.get(shape.parentId) ?? []
      siblings.push(shape)
      this.children.set(shape.parentId, siblings)
    }
    for (const [id, { start, end }] of ends) {
      const shape = this.shapes.get(id)
      if (shape?.type === 'arrow' && start && end) this.arrows.push({ shape, from: start, to: end })
    }
  }

  /** The boundary kind of a shape ('region', 'prefill-pool', ...) or null when it is not a valid boundary. */
  boundaryKind(shape: BoardShape | undefined): string | null {
    if (!shape || shape.type !== shapeTypes.boundary) return null
    const check = checkProps(boundaryShape, shape.props)
    return check.ok ? check.props.kind : null
  }

  /** The nearest ancestor boundary of one of `kinds`, or null. */
  ancestor(shape: BoardShape, kinds: readonly string[]): BoardShape | null {
    let parent = this.shapes.get(shape.parentId)
    while (parent) {
      const kind = this.boundaryKind(parent)
      if (kind && kinds.includes(kind)) return parent
      parent = this.shapes.get(parent.parentId)
    }
    return null
  }

  /** Every shape under `id`, not descending into boundaries of `stopKinds`. */
  descendants(id: string, stopKinds: readonly string[]): BoardShape[] {
    const out: BoardShape[] = []
    const visit = (parent: string) => {
      for (const child of this.children.get(parent) ?? []) {
        const kind = this.boundaryKind(child)
        if (kind && stopKinds.includes(kind)) continue
        out.push(child)
        visit(child.id)
      }
    }
    visit(id)
    return out
  }

  /**
   * A directed cycle among `edges` (node ids), as the ids along it, or null. Depth-first search
   * with colours: meeting a node still on the stack closes a cycle.
   */
  static findCycle(edges: ReadonlyArray<readonly [string, string]>): string[] | null {
    const next = new Map<string, string[]>()
    for (const [a, b] of edges) next.set(a, [...(next.get(a) ?? []), b])
    const state = new Map<string, 'open' | 'done'>()
    const stack: string[] = []
    const visit = (node: string): string[] | null => {
      state.set(node, 'open')
      stack.push(node)
      for (const to of next.get(node) ?? []) {
        if (state.get(to) === 'open') return [...stack.slice(stack.indexOf(to)), to]
        if (!state.has(to)) {
          const found = visit(to)
          if (found) return found
        }
      }
      stack.pop()
      state.set(node, 'done')
      return null
    }
    for (const node of [...next.keys()].sort()) {
      if (state.has(node)) continue
      const found = visit(node)
      if (found) return found
    }
    return null
  }
}
