import { calculatorById, calculators } from '@roofline/shared/calc'
import { gpuById, linkById, modelById } from '@roofline/shared/presets'
import { describe, expect, it } from 'vitest'
import { evaluateCalculator } from './evaluateCalculator.ts'
import { panelCalculatorById, panelCalculators } from './panelCalculators.ts'
import { presetEntries } from './presetFill.ts'

const panel = (id: string) => {
  const found = panelCalculatorById(id)
  if (!found) throw new Error(id)
  return found
}

describe('the panel’s calculators', () => {
  it('offers every registry calculator, in the same order', () => {
    expect(panelCalculators.map((c) => c.id)).toEqual(calculators.map((c) => c.id))
  })

  it('decode defaults to 70% of peak bandwidth, says so, and still shows the ideal', () => {
    const decode = panel('decodeStep')
    const field = decode.fields.find((f) => f.name === 'memoryEfficiency')
    expect(field?.default).toBe(0.7)
    expect(field?.description).toContain('0.7')
    // The API itself keeps the ideal bound as its default.
    expect(calculatorById('decodeStep')?.fields.find((f) => f.name === 'memoryEfficiency')?.default).toBe(1)

    const entries = presetEntries(decode, { model: modelById('llama-3-70b'), gpu: gpuById('h100-sxm') }, {})
    const evaluation = evaluateCalculator(decode, {
      ...entries,
      kvBytes: { raw: '0', unit: 'GB' },
      batch: { raw: '1', unit: '' },
      memBandwidth: { raw: '26.8', unit: 'TB/s' },
    })
    expect(evaluation.values.memoryEfficiency).toBe(0.7)
    const result = evaluation.result
    expect(result?.memoryEfficiency).toBe(0.7)
    expect(Number(result?.seconds)).toBeCloseTo(Number(result?.idealSeconds) / 0.7, 12)
  })

  it('fills attention width for prefill, the MoE split for weight reads, and link latencies for collectives', () => {
    const llama = modelById('llama-3-70b')
    const prefill = presetEntries(panel('prefillTime'), { model: llama }, {})
    expect(prefill.layers).toEqual({ raw: '80', unit: '' })
    expect(prefill.attentionDim).toEqual({ raw: '8192', unit: '' })

    const dsv3 = presetEntries(panel('moeWeightBytesRead'), { model: modelById('deepseek-v3') }, {})
    expect(dsv3.experts).toEqual({ raw: '256', unit: '' })
    expect(dsv3.expertsPerToken).toEqual({ raw: '8', unit: '' })
    const evaluation = evaluateCalculator(panel('moeWeightBytesRead'), {
      ...dsv3,
      batch: { raw: '1', unit: '' },
    })
    // bf16 when the preset fills it: ~75 GB at batch 1, ~37.5 GB in FP8.
    expect(Number(evaluation.result?.bytes) / 2).toBeCloseTo(37.5e9, -8)

    const collective = presetEntries(panel('collectiveTime'), { link: linkById('nvlink-4') }, {})
    expect(collective.hopLatency).toEqual({ raw: '470', unit: 'ns' })
    expect(collective.latency).toEqual({ raw: '3.6', unit: 'us' })
    // Little's law's latency is a request's, not a link's: a link preset leaves it alone.
    expect(presetEntries(panel('littleConcurrency'), { link: linkById('nvlink-4') }, {})).toEqual({})
  })
})
