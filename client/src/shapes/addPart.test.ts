import { aggregateHardware, kitShapeSpec, kitShapeTypes, parts, searchParts } from '@roofline/shared/shapes'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import type { KitCardShape } from './kitShapeTypes.ts'
import { kitShapeUtils } from './kitShapeUtils.ts'
import { cardSvg } from './kitSvg.tsx'
import { iconIds } from './PartIcon.tsx'

/**
 * CONTRIBUTING.md's recipe "Add a part", followed: a throwaway spec (a TPU tray, with a face
 * and an estimate) is added to the one list, `kitShapes`, and nothing else. Everything that
 * must know of it (palette, search, inspector, totals, ShapeUtils, SVG export) is derived
 * from that list, so the tray turns up in each of them.
 */
vi.mock('../../../shared/src/shapes/kitShapes.ts', async (importOriginal) => {
  const { tpuTrayShape } = await import('../../../shared/src/shapes/addPart.fixture.ts')
  const original = await importOriginal<typeof import('../../../shared/src/shapes/kitShapes.ts')>()
  return { kitShapes: [...original.kitShapes, tpuTrayShape] }
})

const tray = (props: Record<string, unknown> = {}) => ({
  type: 'test-tpu-tray',
  props: { w: 240, h: 90, label: 'TPU tray', chips: 4, ...props },
})

describe('the recipe "Add a part" (a spec in kitShapes, an icon in PartIcon)', () => {
  it('puts the part in the palette, in its group, and in search', () => {
    const part = parts.find((p) => p.id === 'test-tpu-tray')
    expect(part).toMatchObject({ category: 'compute', action: { kind: 'shape', type: 'test-tpu-tray' } })
    expect(searchParts('trillium').map((p) => p.id)).toEqual(['test-tpu-tray'])
    expect(kitShapeTypes.has('test-tpu-tray')).toBe(true)
  })

  it('gives the inspector its fields, with the bounds of the schema', () => {
    expect(kitShapeSpec('test-tpu-tray')?.fields).toEqual([
      { key: 'label', label: 'Label', input: 'text', maxLength: 120 },
      { key: 'chips', label: 'Chips', input: 'integer', min: 1, max: 64 },
    ])
  })

  it('adds its figures to the estimates, and counts it invalid when its props are not', () => {
    const totals = aggregateHardware([tray(), tray({ chips: 8 })])
    expect(totals.gpus).toBe(12)
    expect(totals.nodes).toBe(2)
    expect(totals.byGpu.map((g) => g.gpuId)).toEqual(['tpu-v5e'])
    expect(aggregateHardware([tray({ chips: 0 })])).toMatchObject({ gpus: 0, invalid: 1 })
  })

  it('registers a ShapeUtil for it, which exports its face as SVG text', () => {
    const util = kitShapeUtils.find((u) => u.type === 'test-tpu-tray')
    expect(util).toBeDefined()
    const shape = { id: 'shape:tray', ...tray() } as unknown as KitCardShape
    const spec = kitShapeSpec('test-tpu-tray')
    if (!spec) throw new Error('no spec')
    const svg = renderToStaticMarkup(createElement('svg', null, cardSvg(spec, shape)))
    expect(svg).toContain('TPU tray')
    expect(svg).toContain('4 × TPU v5e')
    expect(svg).not.toContain('foreignObject')
    const invalid = { ...shape, props: { ...tray({ chips: 65 }).props } } as unknown as KitCardShape
    // (cut to the card's width: 'Invalid · Chips: must be …')
    expect(renderToStaticMarkup(createElement('svg', null, cardSvg(spec, invalid)))).toContain(
      'Invalid · Chips: must be',
    )
  })

  it('every real part has its icon (the other half of the recipe)', () => {
    const missing = parts.filter((p) => p.id !== 'test-tpu-tray' && !iconIds.has(p.id)).map((p) => p.id)
    expect(missing).toEqual([])
  })
})
