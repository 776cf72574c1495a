import { describe, expect, it } from 'vitest'
import { trainingStateBytes } from './memory.ts'
import { checkpointTime, retainedBytes, storageWithHeadroom, vectorIndexBytes } from './storage.ts'

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

describe('retainedBytes', () => {
  it('2.5 TB a day kept seven days on three replicas is 52.5 TB (17.5 TB a copy)', () => {
    const r = retainedBytes({ bytesPerSecond: 2.5e12 / 86400, seconds: 7 * 86400, replication: 3 })
    expect(r.bytesPerCopy).toBeCloseTo(17.5e12, -3)
    expect(r.bytes).toBeCloseTo(52.5e12, -3)
  })

  it('keeps one copy unless told otherwise', () => {
    const r = retainedBytes({ bytesPerSecond: 1e6, seconds: 3600 })
    expect(r.bytes).toBe(3.6e9)
    expect(r.bytes).toBe(r.bytesPerCopy)
  })

  it('rejects a replication factor below 1', () => {
    expect(() => retainedBytes({ bytesPerSecond: 1, seconds: 1, replication: 0.5 })).toThrow(/replication/)
  })
})

describe('vectorIndexBytes', () => {
  it('a flat index holds d floats per vector: 1M × 768 FP32 = 3.072 GB', () => {
    const r = vectorIndexBytes({ vectors: 1e6, dimensions: 768, bytesPerDimension: 4 })
    expect(r.bytesPerVector).toBe(3072)
    expect(r.bytes).toBe(3.072e9)
  })

  it('product quantization stores M one-byte codes: 1B vectors at M = 64 is 64 GB, plus an overhead factor', () => {
    expect(vectorIndexBytes({ vectors: 1e9, dimensions: 64, bytesPerDimension: 1 }).bytes).toBe(64e9)
    expect(
      vectorIndexBytes({ vectors: 1e9, dimensions: 64, bytesPerDimension: 1, overheadFactor: 1.5 }).bytes,
    ).toBe(96e9)
  })

  it('refuses an overhead factor below 1', () => {
    expect(() =>
      vectorIndexBytes({ vectors: 10, dimensions: 8, bytesPerDimension: 4, overheadFactor: 0.5 }),
    ).toThrow(/overheadFactor/)
  })
})
