import { type CalculatorInfo, calculatorById } from '@roofline/shared/calc'
import { gpuById, linkById, modelById } from '@roofline/shared/presets'
import { describe, expect, it } from 'vitest'
import { evaluateCalculator } from './evaluateCalculator.ts'
import { presetEntries, presetKindsFor } from './presetFill.ts'

const calculator = (id: string): CalculatorInfo => {
  const found = calculatorById(id)
  if (!found) throw new Error(id)
  return found
}

describe('presetEntries', () => {
  it('fills the KV-cache architecture of Llama 3 70B, and bf16 where nothing is typed', () => {
    const entries = presetEntries(calculator('kvCache'), { model: modelById('llama-3-70b') }, {})
    expect(entries).toEqual({
      layers: { raw: '80', unit: '' },
      kvHeads: { raw: '8', unit: '' },
      headDim: { raw: '128', unit: '' },
      bytesPerElement: { raw: '2', unit: 'B/elem' },
    })
    const kept = presetEntries(
      calculator('kvCache'),
      { model: modelById('llama-3-70b') },
      {
        bytesPerElement: { raw: '1', unit: 'B/elem' },
      },
    )
    expect(kept.bytesPerElement).toBeUndefined()
  })

  it('writes GPU figures in readable units that convert back exactly', () => {
    const gpu = gpuById('h100-sxm')
    const entries = presetEntries(calculator('roofline'), { gpu }, {})
    expect(entries).toEqual({
      peakFlops: { raw: '989', unit: 'TFLOP/s' },
      memBandwidth: { raw: '3.35', unit: 'TB/s' },
    })
    const evaluation = evaluateCalculator(calculator('roofline'), {
      ...entries,
      intensity: { raw: '1', unit: '' },
    })
    expect(evaluation.values.memBandwidth).toBe(gpu?.hbmBandwidth)
    expect(evaluation.values.peakFlops).toBe(gpu?.bf16DenseFlops)
  })

  it("keeps the preset's quantity whatever unit the field had: it writes the unit with the digits", () => {
    const gpu = gpuById('h100-sxm')
    const typed = { memBandwidth: { raw: '400', unit: 'Gb/s' }, peakFlops: { raw: '5', unit: 'PFLOP/s' } }
    const entries = presetEntries(calculator('roofline'), { gpu }, typed, ['gpu'])
    expect(entries.memBandwidth).toEqual({ raw: '3.35', unit: 'TB/s' })
    const evaluation = evaluateCalculator(calculator('roofline'), {
      ...entries,
      intensity: { raw: '1', unit: '' },
    })
    expect(evaluation.values.memBandwidth).toBe(gpu?.hbmBandwidth)
    expect(evaluation.values.peakFlops).toBe(gpu?.bf16DenseFlops)
  })

  it('uses active parameters per token for a mixture of experts', () => {
    const model = modelById('mixtral-8x7b')
    const decode = presetEntries(calculator('decodeStep'), { model }, {}, ['model'])
    const weights = presetEntries(calculator('weightBytes'), { model }, {}, ['model'])
    const back = (id: string, entries: Record<string, { raw: string; unit: string }>) =>
      evaluateCalculator(calculator(id), entries).values.params
    expect(decode.params?.raw).toBe('12.8799')
    expect(weights.params?.raw).toBe('46.7028')
    expect(back('decodeStep', decode)).toBeCloseTo(model?.activeParams ?? 0, -6)
    expect(back('weightBytes', weights)).toBeCloseTo(model?.params ?? 0, -6)
  })

  it('applies only the kinds asked for, and knows which kinds a calculator takes', () => {
    const both = { model: modelById('llama-3-8b'), gpu: gpuById('a100-80gb'), link: linkById('nvlink-4') }
    expect(Object.keys(presetEntries(calculator('decodeStep'), both, {}, ['gpu']))).toEqual([
      'memBandwidth',
      'peakFlops',
    ])
    expect(presetKindsFor(calculator('decodeStep'))).toEqual(['model', 'gpu'])
    expect(presetKindsFor(calculator('collectiveTime'))).toEqual(['link'])
    expect(presetKindsFor(calculator('trainingStateBytes'))).toEqual(['model'])
    expect(presetKindsFor(calculator('littleConcurrency'))).toEqual([])
  })
})
