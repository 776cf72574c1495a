import { describe, expect, it } from 'vitest'
import { TokenBucket } from './tokenBucket.ts'

describe('TokenBucket', () => {
  it('allows a burst of `capacity`, then refills at the rate', () => {
    let now = 0
    const bucket = new TokenBucket(10, 5, () => now)
    const burst = Array.from({ length: 8 }, () => bucket.take())
    expect(burst).toEqual([true, true, true, true, true, false, false, false])
    now += 100 // one token at 10 per second
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
  })

  it('never holds more than its capacity, however long it rested', () => {
    let now = 0
    const bucket = new TokenBucket(100, 3, () => now)
    now += 60_000
    expect(Array.from({ length: 4 }, () => bucket.take())).toEqual([true, true, true, false])
  })

  it('sustains exactly the rate over time', () => {
    let now = 0
    const bucket = new TokenBucket(50, 1, () => now)
    let taken = 0
    for (let ms = 0; ms < 2000; ms++) {
      now = ms
      if (bucket.take()) taken++
    }
    expect(taken).toBeGreaterThanOrEqual(99)
    expect(taken).toBeLessThanOrEqual(101)
  })
})

describe('TokenBucket costs', () => {
  it('takes a cost only when it is there, and spends into debt for work already done', () => {
    let now = 0
    const bucket = new TokenBucket(100, 100, () => now)
    expect(bucket.take(150)).toBe(false)
    expect(bucket.take(60)).toBe(true)
    expect(bucket.spend(60)).toBe(false) // 40 left: overdrawn by 20
    now += 300 // 30 back: 10 to spare
    expect(bucket.spend(10)).toBe(true)
  })
})
