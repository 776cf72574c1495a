import { describe, expect, it } from 'vitest'
import { LogCursor } from './logCursor.ts'

describe('LogCursor', () => {
  it('advances only over a contiguous prefix and waits for a missing entry', () => {
    const cursor = new LogCursor(10)
    cursor.note(12)
    cursor.note(13)
    expect(cursor).toMatchObject({ contiguous: 10, highest: 13, hasGap: true })
    cursor.note(11)
    expect(cursor).toMatchObject({ contiguous: 13, highest: 13, hasGap: false })
  })

  it('ignores entries it already holds and takes a load that covers the gap', () => {
    const cursor = new LogCursor()
    cursor.note(1)
    cursor.note(1)
    cursor.note(5)
    cursor.holdThrough(3)
    expect(cursor).toMatchObject({ contiguous: 3, hasGap: true })
    cursor.holdThrough(6)
    expect(cursor).toMatchObject({ contiguous: 6, highest: 6, hasGap: false })
    cursor.holdThrough(2)
    expect(cursor.contiguous).toBe(6)
  })
})
