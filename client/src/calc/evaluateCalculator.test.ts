import { type CalculatorInfo, calculatorById } from '@roofline/shared/calc'
import { describe, expect, it } from 'vitest'
import { evaluateCalculator, recordedResult } from './evaluateCalculator.ts'

const calculator = (id: string): CalculatorInfo => {
  const found = calculatorById(id)
  if (!found) throw new Error(id)
  return found
}
const plain = (raw: string, unit = '') => ({ raw, unit })

describe('evaluateCalculator', () => {
  it('runs kvCache on Llama 3 70B inputs', () => {
    const evaluation = evaluateCalculator(calculator('kvCache'), {
      layers: plain('80'),
      kvHeads: plain('8'),
      headDim: plain('128'),
      bytesPerElement: plain('2', 'B/elem'),
      tokens: plain('8', 'ktoken'),
      batch: plain('16'),
    })
    expect(evaluation.fieldErrors).toEqual({})
    expect(evaluation.result?.bytesPerToken).toBe(327_680)
    expect(evaluation.result?.bytes).toBe(327_680 * 8000 * 16)
    expect(recordedResult(evaluation)).toEqual({
      ok: true,
      figures: { bytesPerToken: 327_680, bytes: 327_680 * 8000 * 16 },
    })
  })

  it('lists missing required fields and uses defaults for empty optional ones', () => {
    const evaluation = evaluateCalculator(calculator('kvCache'), { layers: plain('80') })
    expect(evaluation.result).toBeNull()
    expect(evaluation.missing).toEqual(['kvHeads', 'headDim', 'bytesPerElement'])
    expect(recordedResult(evaluation)).toMatchObject({ ok: false, error: expect.stringContaining('kvHeads') })
  })

  it('puts the calculator’s own checks on the field they name', () => {
    const evaluation = evaluateCalculator(calculator('activationBytes'), {
      seqLen: plain('2048', 'token'),
      microBatch: plain('1'),
      hidden: plain('12288'),
      layers: plain('96'),
      heads: plain('96'),
      tensorParallel: plain('5'),
    })
    expect(evaluation.result).toBeNull()
    expect(evaluation.fieldErrors.tensorParallel).toBe(
      'Must divide the number of attention heads (96), got 5',
    )
  })

  it('ignores entries that are not fields of the calculator', () => {
    const evaluation = evaluateCalculator(calculator('weightBytes'), {
      params: plain('8', 'Gparam'),
      bytesPerParam: plain('2', 'B/param'),
      __proto__: plain('1'),
      extra: plain('1'),
    })
    expect(evaluation.result?.bytes).toBe(16e9)
  })
})
