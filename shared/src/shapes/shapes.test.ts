import { describe, expect, it } from 'vitest'
import { templateSchema } from '../template/templateSchema.ts'
import { aggregateHardware } from './aggregate.ts'
import { gpuClusterShape } from './gpuCluster.ts'
import { gpuNodeShape } from './gpuNode.ts'
import { linkLabel, readLinkMeta } from './link.ts'
import { modelServerShape } from './modelServer.ts'
import { componentKindIds, partCategories, parts, searchParts, shapeTypes } from './parts.ts'
import { checkProps, storedPrimitives } from './shapeSpec.ts'
import { isValidKitShape, kitShapeSpec, kitShapeSpecs } from './specs.ts'
import { starterDiagramProblems } from './starterCheck.ts'
import { inferenceArchitectureStarter } from './starterExample.ts'

describe('kit shape schemas', () => {
  it.each(kitShapeSpecs.map((spec) => [spec.type, spec] as const))(
    '%s: its defaults are valid',
    (_, spec) => {
      expect(checkProps(spec, spec.defaults())).toEqual({ ok: true, props: spec.defaults() })
    },
  )

  it.each(kitShapeSpecs.map((spec) => [spec.type, spec] as const))(
    '%s: every prop has a stored primitive, every field a prop',
    (_, spec) => {
      const primitives = storedPrimitives(spec.props)
      expect(Object.keys(primitives).sort()).toEqual(Object.keys(spec.defaults()).sort())
      for (const value of Object.values(primitives)) expect(['number', 'string']).toContain(value)
      for (const field of spec.fields) expect(primitives).toHaveProperty(field.key)
    },
  )

  it('names a negative GPU count and an unknown GPU model in words', () => {
    const check = checkProps(gpuNodeShape, { ...gpuNodeShape.defaults(), gpusPerNode: -4, gpuId: 'h900' })
    expect(check).toEqual({
      ok: false,
      issues: ['GPU model: unknown GPU model "h900"', 'GPUs per node: must be at least 1'],
    })
  })

  it('rejects fractions, text for numbers and missing props', () => {
    const fraction = checkProps(gpuClusterShape, { ...gpuClusterShape.defaults(), nodes: 2.5 })
    expect(fraction.ok ? [] : fraction.issues).toEqual(['Nodes: must be a whole number'])
    const text = checkProps(modelServerShape, { ...modelServerShape.defaults(), replicas: 'many' })
    expect(text.ok ? [] : text.issues).toEqual(['Replicas: must be a number'])
    expect(checkProps(gpuNodeShape, {}).ok).toBe(false)
    expect(checkProps(gpuNodeShape, null).ok).toBe(false)
  })

  it('a scale-up domain larger than the cluster is still valid (it is capped when added up)', () => {
    const props = { ...gpuClusterShape.defaults(), nodes: 1, gpusPerNode: 4, scaleUpDomain: 8 }
    expect(checkProps(gpuClusterShape, props).ok).toBe(true)
    expect(checkProps(gpuClusterShape, { ...props, scaleUpDomain: 0 })).toEqual({
      ok: false,
      issues: ['Scale-up domain: must be at least 1'],
    })
  })

  it('knows kit shapes by type, and nothing else', () => {
    expect(kitShapeSpec('gpu-node')).toBe(gpuNodeShape)
    expect(kitShapeSpec('geo')).toBeUndefined()
    expect(isValidKitShape({ type: 'geo', props: {} })).toBe(false)
    expect(isValidKitShape({ type: 'gpu-node', props: gpuNodeShape.defaults() })).toBe(true)
    expect(new Set(Object.values(shapeTypes))).toEqual(new Set(kitShapeSpecs.map((s) => s.type)))
  })
})

describe('parts', () => {
  it('has a part for every kind, in the five groups, with unique ids', () => {
    const ids = parts.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const kind of componentKindIds) expect(ids).toContain(kind)
    expect(new Set(parts.map((p) => p.category))).toEqual(new Set(partCategories.map((c) => c.id)))
    // Grouped: once a group ends it does not come back.
    const order = parts.map((p) => p.category).filter((c, i, all) => all[i - 1] !== c)
    expect(order).toEqual(partCategories.map((c) => c.id))
  })

  it('each shape part places a valid shape', () => {
    for (const part of parts) {
      if (part.action.kind !== 'shape') continue
      const spec = kitShapeSpec(part.action.type)
      expect(spec, part.id).toBeDefined()
      if (spec) expect(checkProps(spec, { ...spec.defaults(), ...part.action.props }).ok, part.id).toBe(true)
    }
  })

  it('search matches word starts in names first, then keywords', () => {
    expect(searchParts('vec')[0]?.id).toBe('vector-db')
    expect(searchParts('GPU clu').map((p) => p.id)).toEqual(['gpu-cluster'])
    expect(searchParts('redis').map((p) => p.id)).toEqual(['kv-store'])
    expect(searchParts('kv').map((p) => p.id)).toEqual(['kv-cache-tier', 'router', 'kv-store'])
    expect(searchParts('zzz')).toEqual([])
    expect(searchParts('  ')).toHaveLength(parts.length)
  })
})

describe('link arrows', () => {
  it('reads a link preset and its parallel count from meta', () => {
    expect(readLinkMeta({ linkType: 'infiniband-ndr', linkCount: 8 })).toEqual({
      kind: 'link',
      linkType: 'infiniband-ndr',
      linkCount: 8,
      bandwidthPerDirection: 8 * 50e9,
    })
    expect(readLinkMeta({ linkType: 'nvlink-4' })).toMatchObject({
      linkCount: 1,
      bandwidthPerDirection: 450e9,
    })
  })

  it('plain arrows are not links; broken links are invalid', () => {
    expect(readLinkMeta({})).toEqual({ kind: 'none' })
    expect(readLinkMeta(undefined)).toEqual({ kind: 'none' })
    expect(readLinkMeta({ linkType: 'carrier-pigeon' })).toEqual({
      kind: 'invalid',
      issues: ['Link type: unknown link type "carrier-pigeon"'],
    })
    expect(readLinkMeta({ linkType: 'nvlink-4', linkCount: 0 }).kind).toBe('invalid')
  })

  it('labels a link with its name and bandwidth', () => {
    expect(linkLabel('nvlink-4')).toBe('NVLink 4 · 450 GB/s')
    expect(linkLabel('infiniband-ndr', 8)).toBe('8 × IB NDR · 400 GB/s')
    expect(linkLabel('ethernet-400g')).toBe('400GbE · 50 GB/s')
  })
})

describe('the example starter diagram', () => {
  const records = inferenceArchitectureStarter
  it('is made of valid kit shapes, arrows and bindings that point at them', () => {
    expect(starterDiagramProblems(records)).toEqual([])
  })

  it('has its problems named: a bad kit prop, an unknown link, a dangling binding', () => {
    const broken = [
      {
        typeName: 'shape',
        id: 'shape:n',
        type: 'gpu-node',
        parentId: 'page:page',
        props: { ...gpuNodeShape.defaults(), gpusPerNode: -1 },
      },
      {
        typeName: 'shape',
        id: 'shape:a',
        type: 'arrow',
        parentId: 'shape:gone',
        props: {},
        meta: { linkType: 'warp' },
      },
      { typeName: 'binding', id: 'binding:b', fromId: 'shape:a', toId: 'shape:x' },
    ]
    const problems = starterDiagramProblems(broken)
    expect(problems).toEqual([
      expect.stringMatching(/^shape:n: GPUs per node: /),
      'shape:a: parent shape:gone is not in the diagram',
      expect.stringMatching(/^shape:a: Link type: /),
      'binding:b: shape:x is not in the diagram',
    ])
  })

  it("fits a template's starterDiagram field", () => {
    expect(templateSchema.shape.starterDiagram.safeParse(records).success).toBe(true)
  })

  it('holds the serving path and 32 H100s', () => {
    const kinds = records.map((r) => (r.props as { kind?: string } | undefined)?.kind).filter(Boolean)
    expect(kinds).toEqual(
      expect.arrayContaining([
        'users',
        'load-balancer',
        'router',
        'prefill-pool',
        'decode-pool',
        'kv-cache-tier',
        'object-store',
      ]),
    )
    const totals = aggregateHardware(records as { type: string; props: unknown }[])
    expect(totals.gpus).toBe(32)
    expect(totals.links.count).toBe(4)
  })
})
