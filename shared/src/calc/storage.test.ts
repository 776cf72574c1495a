import { describe, expect, it } from 'vitest'
import { trainingStateBytes } from './memory.ts'
import { checkpointTime, storageWithHeadroom } from './storage.ts'

describe('checkpointTime', () => {
  it('Llama 3 405B model states (16 bytes/param, ZeRO paper §3.1) written at 100 GB/s, read back at 200 GB/s', () => {
    const { bytesTotal } = trainingStateBytes({ params: 405e9 })
    const r = checkpointTime({ bytes: bytesTotal, writeBandwidth: 100e9, readBandwidth: 200e9 })
    expect(r.writeSeconds).toBeCloseTo(64.8)
    expect(r.restoreSeconds).toBeCloseTo(32.4)
  })

  it('restores at the write bandwidth when no read bandwidth is given', () => {
    const r = checkpointTime({ bytes: 1e12, writeBandwidth: 1e10 })
    expect(r.restoreSeconds).toBe(r.writeSeconds)
    expect(r.steps[1]?.substituted).toBe('1e12 / 1e10')
  })
})

describe('storageWithHeadroom', () => {
  it('70 TB kept at most 70% full needs 100 TB', () => {
    expect(storageWithHeadroom({ bytes: 70e12, fillFraction: 0.7 }).provisionedBytes).toBeCloseTo(100e12)
  })

  it('rejects a fill fraction above 1', () => {
    expect(() => storageWithHeadroom({ bytes: 1, fillFraction: 1.2 })).toThrow(/fillFraction must be ≤ 1/)
  })
})
