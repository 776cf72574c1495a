import { boardDocKeys } from '@roofline/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docPair } from '../board/docPair.fixture.ts'
import { calcMap, readCalcDoc, writeInputs, writePreset } from './calcDoc.ts'

describe('calculator state in the room doc', () => {
  it('carries inputs, the recorded result and presets to the other participant', () => {
    const [a, b] = docPair()
    writeInputs(a, 'kvCache', { layers: { raw: '80', unit: '' } }, (inputs) => ({
      ok: false,
      figures: {},
      error: `have ${Object.keys(inputs).join(',')}`,
    }))
    writePreset(a, 'gpu', 'h100-sxm')
    const seen = readCalcDoc(calcMap(b))
    expect(seen.inputs.kvCache).toEqual({ layers: { raw: '80', unit: '' } })
    expect(seen.presets).toEqual({ model: '', gpu: 'h100-sxm', link: '' })
    const recorded = (b.getMap(boardDocKeys.calc).get('kvCache') as Y.Map<unknown>).get('$result')
    expect(recorded).toEqual({ ok: false, figures: {}, error: 'have layers' })
  })

  it('merges two people typing in different fields of one calculator', () => {
    const [a, b] = docPair()
    writeInputs(a, 'kvCache', { layers: { raw: '80', unit: '' } }, () => null)
    // Offline at the same time: neither sees the other's keystroke before typing.
    const offlineA = new Y.Doc()
    Y.applyUpdate(offlineA, Y.encodeStateAsUpdate(a))
    writeInputs(offlineA, 'kvCache', { kvHeads: { raw: '8', unit: '' } }, () => null)
    writeInputs(b, 'kvCache', { headDim: { raw: '128', unit: '' } }, () => null)
    Y.applyUpdate(b, Y.encodeStateAsUpdate(offlineA))
    expect(Object.keys(readCalcDoc(calcMap(b)).inputs.kvCache ?? {}).sort()).toEqual([
      'headDim',
      'kvHeads',
      'layers',
    ])
  })

  it('ignores what does not match the schema', () => {
    const doc = new Y.Doc()
    const map = calcMap(doc)
    const kv = new Y.Map<unknown>()
    map.set('kvCache', kv)
    map.set('junk', 42)
    kv.set('layers', { raw: 80, unit: '' })
    kv.set('kvHeads', { raw: 'x'.repeat(10_000), unit: '' })
    kv.set('headDim', { raw: '128', unit: '', extra: true })
    kv.set('batch', { raw: '4', unit: '' })
    kv.set('__proto__', { raw: '1', unit: '' })
    const presets = new Y.Map<unknown>()
    map.set('presets', presets)
    presets.set('model', { evil: true })
    presets.set('gpu', 'a100-80gb')
    const state = readCalcDoc(map)
    expect(state.inputs.kvCache?.batch).toEqual({ raw: '4', unit: '' })
    expect(state.inputs.kvCache?.layers).toBeUndefined()
    expect(state.inputs.kvCache?.kvHeads).toBeUndefined()
    expect(state.inputs.kvCache?.headDim).toBeUndefined()
    expect(Object.getPrototypeOf(state.inputs.kvCache)).toBe(Object.prototype)
    expect(state.inputs.junk).toBeUndefined()
    expect(state.presets).toEqual({ model: '', gpu: 'a100-80gb', link: '' })
  })
})
