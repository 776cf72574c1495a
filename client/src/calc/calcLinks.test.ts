import { modelById } from '@roofline/shared/presets'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { calcMap, readCalcDoc, writeInputs, writeLink, writeView } from './calcDoc.ts'
import { dependentsOf, evaluateLinked, linkedResults, linkTargets } from './calcLinks.ts'
import { panelCalculatorById } from './panelCalculators.ts'
import { presetEntries } from './presetFill.ts'

/** A panel calculator that must exist. */
function calculator(id: string) {
  const found = panelCalculatorById(id)
  if (!found) throw new Error(`no calculator ${id}`)
  return found
}
const kvCache = calculator('kvCache')
const decodeStep = calculator('decodeStep')

/** A room with Llama 3 70B's KV cache at 8,000 tokens × `batch`, and a decode step on one H100. */
function room(batch: string): Y.Doc {
  const doc = new Y.Doc()
  const model = { model: modelById('llama-3-70b') }
  const kv = { ...presetEntries(kvCache, model, {}, ['model']), tokens: { raw: '8', unit: 'ktoken' } }
  writeInputs(doc, 'kvCache', { ...kv, batch: { raw: batch, unit: '' } }, () => null)
  writeInputs(
    doc,
    'decodeStep',
    {
      params: { raw: '70', unit: 'Gparam' },
      weightBytes: { raw: '140', unit: 'GB' },
      kvBytes: { raw: '0', unit: 'GB' },
      batch: { raw: batch, unit: '' },
      memBandwidth: { raw: '3.35', unit: 'TB/s' },
      peakFlops: { raw: '989', unit: 'TFLOP/s' },
    },
    () => null,
  )
  return doc
}
const state = (doc: Y.Doc) => readCalcDoc(calcMap(doc))
const link = { calculator: 'kvCache', output: 'bytes' }

/** Links input `to` ('calculator.field') to output `from` ('calculator.output'), keeping `raw` typed. */
function linkUp(doc: Y.Doc, to: string, from: string, raw = '', unit = '') {
  const [target = '', field = ''] = to.split('.')
  const [calculator = '', output = ''] = from.split('.')
  writeLink(doc, target, field, { calculator, output }, { raw, unit })
}

describe('results that feed other calculators', () => {
  it('offers the KV cache total to the decode step, and nothing of another unit', () => {
    const targets = linkTargets(state(room('16')), 'kvCache', 'bytes')
    expect(targets).toContainEqual({
      calculatorId: 'decodeStep',
      calculatorTitle: 'Decode step',
      field: 'kvBytes',
      fieldLabel: 'KV bytes',
    })
    expect(targets.some((t) => t.calculatorId === 'kvCache')).toBe(false)
    expect(targets.some((t) => t.field === 'batch')).toBe(false)
  })

  it('reads the source figure, and follows it when the source changes', () => {
    const doc = room('16')
    writeLink(doc, 'decodeStep', 'kvBytes', link, { raw: '0', unit: 'GB' })
    const linked = evaluateLinked(state(doc), decodeStep)
    // 327,680 B per token × 8,000 tokens × 16 sequences = 41.9 GB.
    expect(linked.sources.kvBytes).toEqual({
      link,
      calculatorTitle: 'KV cache',
      outputLabel: 'Total',
      text: '41.9 GB',
    })
    expect(linked.evaluation.values.kvBytes).toBe(327_680 * 8000 * 16)
    writeInputs(doc, 'kvCache', { batch: { raw: '32', unit: '' } }, () => null)
    expect(evaluateLinked(state(doc), decodeStep).evaluation.values.kvBytes).toBe(327_680 * 8000 * 32)
    expect(dependentsOf(state(doc), 'kvCache')).toEqual(['decodeStep'])
    const recorded = linkedResults(state(doc), ['kvCache'])
    expect(Object.keys(recorded).sort()).toEqual(['decodeStep', 'kvCache'])
    expect(recorded.decodeStep?.ok).toBe(true)
  })

  it('says so at the field while the source has no result, and keeps the typed value on unlink', () => {
    const doc = room('16')
    writeLink(doc, 'decodeStep', 'kvBytes', link, { raw: '0', unit: 'GB' })
    writeInputs(doc, 'kvCache', { layers: { raw: '', unit: '' } }, () => null)
    const waiting = evaluateLinked(state(doc), decodeStep)
    expect(waiting.evaluation.result).toBeNull()
    expect(waiting.evaluation.fieldErrors.kvBytes).toBe('KV cache has no result yet')
    writeLink(doc, 'decodeStep', 'kvBytes', null, { raw: '26.8', unit: 'GB' })
    expect(state(doc).links).toEqual({})
    expect(evaluateLinked(state(doc), decodeStep).evaluation.values.kvBytes).toBe(26.8e9)
  })

  it('never offers a loop, and refuses one written anyway at the field instead of recursing', () => {
    const doc = room('16')
    // Chinchilla's compute from the training compute; its optimal params back into the training compute.
    linkUp(doc, 'chinchillaOptimal.flops', 'trainingFlops.flops')
    const offered = linkTargets(state(doc), 'chinchillaOptimal', 'params')
    expect(offered.some((t) => t.calculatorId === 'trainingFlops')).toBe(false)
    expect(offered.some((t) => t.calculatorId === 'weightBytes')).toBe(true)
    linkUp(doc, 'trainingFlops.params', 'chinchillaOptimal.params')
    writeInputs(doc, 'trainingFlops', { tokens: { raw: '15', unit: 'Ttoken' } }, () => null)
    const trainingFlops = calculator('trainingFlops')
    const linked = evaluateLinked(state(doc), trainingFlops)
    expect(linked.evaluation.result).toBeNull()
    expect(Object.values(linked.evaluation.fieldErrors).join(' ')).toMatch(/Circular/)
  })

  it('ignores a link whose ends do not exist or whose units differ', () => {
    const doc = room('16')
    linkUp(doc, 'decodeStep.kvBytes', 'kvCache.bytesPerToken', '1', 'GB')
    linkUp(doc, 'decodeStep.batch', 'nope.x', '16')
    const linked = evaluateLinked(state(doc), decodeStep)
    expect(linked.sources).toEqual({})
    expect(linked.evaluation.values.kvBytes).toBe(1e9)
  })

  it('keeps the open view, and reads a document without one as none', () => {
    const doc = room('16')
    expect(state(doc).view).toBeNull()
    writeView(doc, { tab: 'throughput', calculator: 'decodeStep', by: 'Ben' })
    expect(state(doc).view).toEqual({ tab: 'throughput', calculator: 'decodeStep', by: 'Ben' })
    calcMap(doc).set('view', { tab: 1 })
    expect(state(doc).view).toBeNull()
  })
})
