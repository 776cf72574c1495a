import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { calcMap, readCalcDoc, writeInputs } from './calcDoc.ts'
import { applyTemplatePresets } from './templatePresets.ts'

describe("a template's presets in the calculators", () => {
  it('choose the model and GPU and fill the inputs they feed, with a recorded result', () => {
    const doc = new Y.Doc()
    expect(applyTemplatePresets(doc, { model: 'llama-3-70b', gpu: 'h100-sxm' })).toBeGreaterThan(3)
    const state = readCalcDoc(calcMap(doc))
    expect(state.presets).toEqual({ model: 'llama-3-70b', gpu: 'h100-sxm', link: '' })
    // Llama 3 70B: 80 layers, 8 KV heads of 128 (Meta's model card); bf16 assumed.
    expect(state.inputs.kvCache).toMatchObject({
      layers: { raw: '80', unit: '' },
      kvHeads: { raw: '8', unit: '' },
      headDim: { raw: '128', unit: '' },
    })
    // H100 SXM: 3.35 TB/s of HBM3 (NVIDIA datasheet).
    expect(state.inputs.decodeStep?.memBandwidth).toEqual({ raw: '3.35', unit: 'TB/s' })
    const recorded = (calcMap(doc).get('roofline') as Y.Map<unknown>).get('$result')
    expect(recorded).toMatchObject({ ok: false })
  })

  it('keep what is already chosen or typed', () => {
    const doc = new Y.Doc()
    writeInputs(doc, 'kvCache', { layers: { raw: '32', unit: '' } }, () => null)
    applyTemplatePresets(doc, { model: 'llama-3-70b' })
    expect(readCalcDoc(calcMap(doc)).inputs.kvCache?.layers).toEqual({ raw: '32', unit: '' })
    expect(applyTemplatePresets(doc, { model: 'llama-3-8b', gpu: 'h100-sxm' })).toBeGreaterThan(0)
    const state = readCalcDoc(calcMap(doc))
    expect(state.presets.model).toBe('llama-3-70b')
    expect(state.presets.gpu).toBe('h100-sxm')
  })

  it('leave out unknown preset ids and do nothing without presets', () => {
    const doc = new Y.Doc()
    expect(applyTemplatePresets(doc, { model: 'gpt-9', gpu: 'h100-sxm' })).toBeGreaterThan(0)
    expect(readCalcDoc(calcMap(doc)).presets).toEqual({ model: '', gpu: 'h100-sxm', link: '' })
    const empty = new Y.Doc()
    expect(applyTemplatePresets(empty, {})).toBe(0)
    expect(calcMap(empty).size).toBe(0)
  })

  it('converge when two browsers apply them at the same moment', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    applyTemplatePresets(a, { model: 'llama-3-70b', gpu: 'h100-sxm' })
    applyTemplatePresets(b, { model: 'llama-3-70b', gpu: 'h100-sxm' })
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readCalcDoc(calcMap(a))).toEqual(readCalcDoc(calcMap(b)))
    expect(readCalcDoc(calcMap(a)).inputs.kvCache?.layers).toEqual({ raw: '80', unit: '' })
  })
})
