import { describe, expect, it } from 'vitest'
import { exampleOfRecord, isRevealedCardRecord, revealedCardShapeType } from './recordMarks.ts'

/** A revealed card as boards and recordings made before the `revealed-card` type hold it. */
const recordedGeoCard = {
  typeName: 'shape',
  id: 'shape:card',
  type: 'geo',
  isLocked: true,
  props: { geo: 'rectangle', w: 360, h: 120, color: 'orange' },
  meta: { revealedCard: true, revealedItemId: 'q-1' },
}

describe('isRevealedCardRecord', () => {
  it('knows a card by its type, with or without the meta mark', () => {
    const card = { typeName: 'shape', id: 'shape:new', type: revealedCardShapeType, props: {}, meta: {} }
    expect(isRevealedCardRecord(card)).toBe(true)
    expect(isRevealedCardRecord({ ...card, meta: { revealedCard: true, revealedItemId: 'q-1' } })).toBe(true)
  })

  it('still knows a recorded geo card by its meta mark', () => {
    expect(isRevealedCardRecord(recordedGeoCard)).toBe(true)
  })

  it('refuses shapes that are neither', () => {
    expect(isRevealedCardRecord({ ...recordedGeoCard, meta: {} })).toBe(false)
    expect(isRevealedCardRecord({ ...recordedGeoCard, meta: { revealedCard: 'yes' } })).toBe(false)
    expect(isRevealedCardRecord(null)).toBe(false)
    expect(isRevealedCardRecord('revealed-card')).toBe(false)
  })
})

describe('exampleOfRecord', () => {
  it('reads the example a record came from, or null', () => {
    expect(exampleOfRecord({ meta: { example: 'disaggregated-serving' } })).toBe('disaggregated-serving')
    expect(exampleOfRecord(recordedGeoCard)).toBeNull()
  })
})
