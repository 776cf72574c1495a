import { describe, expect, it } from 'vitest'
import { calcCardMigrations, calcCardPropsSchema } from './calcCard.ts'
import { assertUniqueStepNames } from './migrations.ts'

const card = {
  w: 340,
  h: 300,
  calculatorId: 'kvCache',
  title: 'KV cache',
  inputs: [{ name: 'layers', label: 'Layers', raw: '80', unit: '', text: '80' }],
  steps: [
    {
      label: 'KV bytes per token',
      formula: 'bytesPerToken = 2 · layers · kvHeads · headDim · bytesPerElement',
      substituted: '2 · 80 · 8 · 128 · 2',
      result: '328 kB/token',
    },
  ],
  figures: [{ label: 'Total', text: '41.9 GB' }],
  pinnedBy: 'Ana',
}

describe('calc-card props', () => {
  it('accept a pinned KV-cache result', () => {
    expect(calcCardPropsSchema.parse(card)).toEqual(card)
  })

  it('refuse unknown props, oversized text and absurd sizes, so one card stays small', () => {
    expect(calcCardPropsSchema.safeParse({ ...card, script: 'x' }).success).toBe(false)
    expect(calcCardPropsSchema.safeParse({ ...card, title: 'x'.repeat(121) }).success).toBe(false)
    expect(calcCardPropsSchema.safeParse({ ...card, w: Number.POSITIVE_INFINITY }).success).toBe(false)
    expect(calcCardPropsSchema.safeParse({ ...card, h: -1 }).success).toBe(false)
    const tooMany = Array.from({ length: 25 }, () => card.inputs[0])
    expect(calcCardPropsSchema.safeParse({ ...card, inputs: tooMany }).success).toBe(false)
  })

  it('name each migration step once', () => {
    expect(() => assertUniqueStepNames(calcCardMigrations)).not.toThrow()
  })
})
