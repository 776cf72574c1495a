import { calcCardPropsSchema } from '@roofline/shared'
import { type CalculatorInfo, calculatorById } from '@roofline/shared/calc'
import { describe, expect, it } from 'vitest'
import { calculatorCard, freeformCard } from './calcCardContent.ts'
import { evaluateCalculator } from './evaluateCalculator.ts'

const kvCache = calculatorById('kvCache') as CalculatorInfo

describe('calculatorCard', () => {
  it('carries the typed inputs, the derivation and the figures of a result', () => {
    const entries = {
      layers: { raw: '80', unit: '' },
      kvHeads: { raw: '8', unit: '' },
      headDim: { raw: '128', unit: '' },
      bytesPerElement: { raw: '2', unit: 'B/elem' },
      tokens: { raw: '8', unit: 'ktoken' },
      batch: { raw: '', unit: '' },
    }
    const card = calculatorCard(kvCache, entries, evaluateCalculator(kvCache, entries), 'Ana')
    expect(calcCardPropsSchema.parse(card)).toEqual(card)
    expect(card.inputs.map((i) => i.text)).toEqual(['80', '8', '128', '2 bytes', '8 thousand'])
    expect(card.inputs.find((i) => i.name === 'tokens')).toMatchObject({ raw: '8', unit: 'ktoken' })
    expect(card.steps.map((s) => s.result)).toEqual(['328 kB/token', '2.62 GB'])
    expect(card.figures).toEqual([
      { label: 'Per token', text: '328 kB/token' },
      { label: 'Total', text: '2.62 GB' },
    ])
    expect(card.h).toBeGreaterThan(200)
  })

  it('shows an optional figure only when its input is given, never as NaN', () => {
    const pipelineBubble = calculatorById('pipelineBubble') as CalculatorInfo
    const entries = (stepSeconds: string) => ({
      stages: { raw: '4', unit: '' },
      microbatches: { raw: '16', unit: '' },
      interleave: { raw: '', unit: '' },
      stepSeconds: { raw: stepSeconds, unit: 's' },
    })
    const card = (stepSeconds: string) =>
      calculatorCard(
        pipelineBubble,
        entries(stepSeconds),
        evaluateCalculator(pipelineBubble, entries(stepSeconds)),
        'Ana',
      )
    expect(card('').figures.map((f) => f.label)).toEqual(['Bubble / ideal time'])
    const withTime = card('4.1').figures
    expect(withTime.map((f) => f.label)).toEqual(['Bubble / ideal time', 'Bubble per step'])
    expect(withTime.map((f) => f.text).join(' ')).not.toMatch(/NaN|undefined/)
  })

  it('says where a linked input came from', () => {
    const entries = { params: { raw: '70', unit: 'Gparam' }, bytesPerParam: { raw: '2', unit: 'B/param' } }
    const weightBytes = calculatorById('weightBytes') as CalculatorInfo
    const source = {
      link: { calculator: 'chinchillaOptimal', output: 'params' },
      calculatorTitle: 'Compute-optimal size',
      outputLabel: 'Parameters',
      text: '70 params',
    }
    const card = calculatorCard(weightBytes, entries, evaluateCalculator(weightBytes, entries), 'Ana', {
      params: source,
    })
    expect(card.inputs.map((i) => i.text)).toEqual(['70 billion from Compute-optimal size', '2 bytes'])
  })

  it('clips what would not fit the card schema', () => {
    const card = freeformCard('1 + '.repeat(100), '42', 'x'.repeat(200))
    expect(card.inputs[0]?.raw.length).toBe(200)
    expect(card.pinnedBy.length).toBe(80)
    expect(calcCardPropsSchema.safeParse(card).success).toBe(true)
  })
})
