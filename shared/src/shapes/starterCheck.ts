import { readLinkMeta } from './link.ts'
import { checkProps } from './shapeSpec.ts'
import { kitShapeSpec } from './specs.ts'

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null

/**
 * What is wrong with a starter diagram (tldraw records as a template's `starterDiagram` holds
 * them), one line each; empty when every kit shape passes its schema, every link names a known
 * preset, every id is unique and every parent and binding end is in the diagram. The board's
 * loader skips what it cannot use, so this is for whoever writes template data: it says why.
 *
 * @example starterDiagramProblems([{ typeName: 'shape', id: 'shape:a', type: 'gpu-node', props: { gpusPerNode: -1 } }])
 * // ['shape:a: GPUs per node: ...', ...]
 */
export function starterDiagramProblems(records: readonly unknown[]): string[] {
  const problems: string[] = []
  const shapeIds = new Set<string>()
  const seen = new Set<string>()
  for (const record of records) {
    if (!isObject(record) || typeof record.id !== 'string') {
      problems.push('a record without an id')
      continue
    }
    if (seen.has(record.id)) problems.push(`${record.id}: duplicate id`)
    seen.add(record.id)
    if (record.typeName === 'shape') shapeIds.add(record.id)
  }
  for (const record of records.filter(isObject)) {
    const name = String(record.id)
    if (record.typeName === 'shape') {
      const parent = record.parentId
      if (typeof parent === 'string' && parent.startsWith('shape:') && !shapeIds.has(parent)) {
        problems.push(`${name}: parent ${parent} is not in the diagram`)
      }
      const spec = kitShapeSpec(String(record.type))
      if (spec) {
        const check = checkProps(spec, record.props)
        if (!check.ok) problems.push(...check.issues.map((issue) => `${name}: ${issue}`))
      }
      const link = readLinkMeta(record.meta)
      if (link.kind === 'invalid') problems.push(...link.issues.map((issue) => `${name}: ${issue}`))
    } else if (record.typeName === 'binding') {
      for (const end of [record.fromId, record.toId]) {
        if (typeof end !== 'string' || !shapeIds.has(end))
          problems.push(`${name}: ${String(end)} is not in the diagram`)
      }
    } else {
      problems.push(`${name}: not a shape or a binding`)
    }
  }
  return problems
}
