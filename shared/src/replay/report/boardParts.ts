import { aggregateHardware } from '../../shapes/aggregate.ts'
import { calcCardShapeType } from '../../shapes/calcCard.ts'
import { linkLabel, readLinkMeta } from '../../shapes/link.ts'
import { modelServerGpus } from '../../shapes/modelServer.ts'
import { partById, shapeTypes } from '../../shapes/parts.ts'
import { checkProps, type InspectorField } from '../../shapes/shapeSpec.ts'
import { kitShapeSpec } from '../../shapes/specs.ts'
import type { ReportHardware, ReportLink, ReportPart } from './reportModel.ts'

/** A tldraw record as the board document stores it (only the fields read here). */
export interface BoardRecord {
  typeName?: unknown
  id?: unknown
  type?: unknown
  parentId?: unknown
  props?: Record<string, unknown>
  meta?: unknown
  fromId?: unknown
  toId?: unknown
}

/** The diagram on a board: its kit parts, the arrows between shapes, and how many other shapes. */
export interface BoardDiagram {
  parts: ReportPart[]
  links: ReportLink[]
  hardware: ReportHardware
  otherShapes: number
}

/** The plain text of a tldraw rich-text document (paragraphs joined by spaces). */
export function richTextToPlain(value: unknown): string {
  const words: string[] = []
  const walk = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return
    const { text, content } = node as { text?: unknown; content?: unknown }
    if (typeof text === 'string') words.push(text)
    if (Array.isArray(content)) for (const child of content) walk(child)
  }
  walk(value)
  return words.join(' ').replace(/\s+/g, ' ').trim()
}

function fieldText(field: InspectorField, value: unknown): string {
  if (field.input === 'choice') return field.options.find((o) => o.value === value)?.label ?? String(value)
  if (field.input === 'integer') {
    const number = typeof value === 'number' ? value.toLocaleString('en-US') : String(value)
    return field.unit ? `${number} ${field.unit}` : number
  }
  return String(value ?? '')
}

/** Counts worth stating that no single setting says: GPUs a server asks for, GPUs in a cluster. */
function derived(type: string, props: Record<string, unknown>): Array<{ label: string; text: string }> {
  const n = (key: string) => (typeof props[key] === 'number' ? (props[key] as number) : Number.NaN)
  if (type === shapeTypes.modelServer) {
    const gpus = modelServerGpus({
      replicas: n('replicas'),
      tensorParallel: n('tensorParallel'),
      pipelineParallel: n('pipelineParallel'),
    })
    return Number.isFinite(gpus)
      ? [{ label: 'GPUs (replicas × TP × PP)', text: gpus.toLocaleString('en-US') }]
      : []
  }
  if (type === shapeTypes.gpuCluster) {
    const gpus = n('nodes') * n('gpusPerNode')
    return Number.isFinite(gpus)
      ? [{ label: 'GPUs (nodes × GPUs per node)', text: gpus.toLocaleString('en-US') }]
      : []
  }
  return []
}

function kindName(type: string, props: Record<string, unknown>): string {
  const id = type === shapeTypes.component || type === shapeTypes.boundary ? props.kind : type
  return (typeof id === 'string' ? partById(id)?.name : undefined) ?? type
}

/**
 * Reads the diagram out of a board's records: every kit shape with its settings (as the
 * inspector names them) and the boundary it sits in, every arrow bound to a shape with the
 * labels of its two ends and, for a link arrow, its type and bandwidth, and what the parts add
 * up to (GPUs and nodes drawn, GPUs the model servers ask for).
 *
 * @example readDiagram(records).links[0] // { from: 'Prefill pool', to: 'Decode pool', label: '', link: '8 × IB NDR · 400 GB/s' }
 */
export function readDiagram(records: readonly BoardRecord[]): BoardDiagram {
  const shapes = new Map<string, BoardRecord>()
  const bindings: BoardRecord[] = []
  for (const record of records) {
    if (record.typeName === 'shape' && typeof record.id === 'string') shapes.set(record.id, record)
    if (record.typeName === 'binding' && record.type === 'arrow') bindings.push(record)
  }
  const nameOf = (id: unknown): string => {
    const shape = typeof id === 'string' ? shapes.get(id) : undefined
    if (!shape) return '(loose end)'
    const props = shape.props ?? {}
    if (typeof props.label === 'string' && props.label.trim() !== '') return props.label
    const text = richTextToPlain(props.richText)
    if (text) return text
    return typeof shape.type === 'string' ? kindName(shape.type, props) : 'shape'
  }

  const parts: ReportPart[] = []
  const links: ReportLink[] = []
  let otherShapes = 0
  for (const shape of shapes.values()) {
    const type = typeof shape.type === 'string' ? shape.type : ''
    const props = shape.props ?? {}
    const spec = kitShapeSpec(type)
    if (spec) {
      const parent = typeof shape.parentId === 'string' ? shapes.get(shape.parentId) : undefined
      parts.push({
        id: String(shape.id),
        kind: kindName(type, props),
        label: typeof props.label === 'string' ? props.label : '',
        details: [
          ...spec.fields
            .filter((field) => field.key !== 'label' && field.key !== 'kind')
            .map((field) => ({ label: field.label, text: fieldText(field, props[field.key]) }))
            .filter((detail) => detail.text !== ''),
          ...derived(type, props),
        ],
        within: parent?.type === shapeTypes.boundary ? nameOf(parent.id) : null,
        invalid: !checkProps(spec, props).ok,
      })
    } else if (type === 'arrow') {
      const ends = bindings.filter((b) => b.fromId === shape.id)
      const end = (terminal: string) =>
        ends.find((b) => (b as { props?: { terminal?: unknown } }).props?.terminal === terminal)?.toId
      const [from, to] = [end('start'), end('end')]
      if (from === undefined && to === undefined) {
        otherShapes += 1
        continue
      }
      const reading = readLinkMeta(shape.meta)
      links.push({
        from: nameOf(from),
        to: nameOf(to),
        label: richTextToPlain(props.richText),
        link: reading.kind === 'link' ? linkLabel(reading.linkType, reading.linkCount) : null,
      })
    } else if (type !== calcCardShapeType) {
      otherShapes += 1
    }
  }
  const totals = aggregateHardware(
    [...shapes.values()].map((shape) => ({ type: String(shape.type), props: shape.props, meta: shape.meta })),
  )
  const hardware = {
    gpus: totals.gpus,
    nodes: totals.nodes,
    byGpu: totals.byGpu.map(({ name, gpus }) => ({ name, gpus })),
    modelServers: totals.modelServers.count,
    gpusRequested: totals.modelServers.gpusRequested,
  }
  return { parts, links, hardware, otherShapes }
}
