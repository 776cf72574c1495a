import { describe, expect, it } from 'vitest'
import { COLLECTIVE_OPS, collectiveTime, transferTime } from './network.ts'
import { MB } from './units.ts'

describe('transferTime', () => {
  it('Latency numbers (~2012 gist): reading 1 MB sequentially from a ~1 GB/s SSD takes 1 ms', () => {
    expect(transferTime({ bytes: 1 * MB, bandwidth: 1e9 }).seconds).toBeCloseTo(0.001, 12)
  })

  it('adds the fixed latency', () => {
    expect(transferTime({ bytes: 1e9, bandwidth: 50e9, latency: 5e-6 }).seconds).toBeCloseTo(0.02 + 5e-6, 12)
  })
})

describe('collectiveTime (nccl-tests doc/PERFORMANCE.md bus-bandwidth factors)', () => {
  const base = { bytes: 1e9, ranks: 8, busBandwidth: 100e9 }

  it('factors for 8 ranks: allReduce 1.75, allGather / reduceScatter / allToAll 0.875, broadcast 1', () => {
    const factors = Object.fromEntries(
      COLLECTIVE_OPS.map((op) => [op, collectiveTime({ ...base, op }).busFactor]),
    )
    expect(factors).toEqual({
      allReduce: 1.75,
      allGather: 0.875,
      reduceScatter: 0.875,
      allToAll: 0.875,
      broadcast: 1,
    })
  })

  it('seconds = latency + bytes · busFactor / busBandwidth', () => {
    const r = collectiveTime({ ...base, op: 'allReduce', latency: 1e-5 })
    expect(r.seconds).toBeCloseTo(1e-5 + (1e9 * 1.75) / 100e9, 12)
    expect(r.steps.map((s) => s.substituted)).toEqual(['2 · (8 - 1) / 8', '1e-5 + 1e9 · 1.75 / 1e11'])
  })

  it('an all-reduce equals a reduce-scatter followed by an all-gather', () => {
    const ar = collectiveTime({ ...base, op: 'allReduce' }).seconds
    const rs = collectiveTime({ ...base, op: 'reduceScatter' }).seconds
    const ag = collectiveTime({ ...base, op: 'allGather' }).seconds
    expect(ar).toBeCloseTo(rs + ag, 12)
  })

  it('a single rank moves nothing', () => {
    for (const op of COLLECTIVE_OPS) {
      const r = collectiveTime({ ...base, op, ranks: 1, latency: 2e-6 })
      expect(r.busFactor).toBe(0)
      expect(r.seconds).toBe(2e-6)
    }
  })
})
