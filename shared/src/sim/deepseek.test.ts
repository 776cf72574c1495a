import { describe, expect, it } from 'vitest'
import { DAY } from '../calc/index.ts'
import { type PoolResult, simulate } from './index.ts'

/**
 * DeepSeek's day-6 figures (DeepSeek, "Day 6: One More Thing, DeepSeek-V3/R1 Inference System
 * Overview", open-infra-index, 2025): 608B input tokens a day, 56.3% of them cache hits, 168B
 * output tokens; an H800 node prefills about 73.7k input tokens a second (cache hits included)
 * and decodes about 14.8k output tokens a second. Nodes are the replicas, at those measured rates.
 */
const inputPerSecond = 608e9 / DAY
const outputPerSecond = 168e9 / DAY
const prefillRate = 73_700
const decodeRate = 14_800
/** Mean output per request, an assumption (the post gives token totals, not requests). */
const outputMean = 1000
const promptMean = (outputMean * inputPerSecond) / outputPerSecond
const requestRate = outputPerSecond / outputMean
/** Sequences a node decodes at once: ~20 tokens a second each, the speed the post reports. */
const batch = Math.round(decodeRate / 20)

function day6(prefillNodes: number, decodeNodes: number) {
  return simulate(
    {
      seconds: 400,
      arrivalRate: requestRate,
      requests: {
        promptTokens: { mean: promptMean },
        outputTokens: { mean: outputMean },
        sharedPrefixFraction: 0.563,
      },
      pools: [
        {
          kind: 'prefill',
          id: 'prefill',
          replicas: prefillNodes,
          gpusPerReplica: 8,
          speed: { source: 'measured', prefillTokensPerSecond: prefillRate },
        },
        {
          kind: 'decode',
          id: 'decode',
          replicas: decodeNodes,
          gpusPerReplica: 8,
          maxBatch: batch,
          speed: { source: 'measured', decodeTokensPerSecond: decodeRate },
        },
      ],
      sampleSeconds: 10,
    },
    { seed: 6 },
  )
}

const byKind = (pools: PoolResult[], kind: PoolResult['kind']) =>
  pools.find((p) => p.kind === kind) as PoolResult
/** Mean of a series over its last `share` of buckets. */
const tail = (series: Float64Array, share: number) => {
  const from = Math.floor(series.length * (1 - share))
  const part = series.slice(from)
  return part.reduce((a, b) => a + b, 0) / part.length
}

describe("DeepSeek's day-6 serving at the day's mean load, with measured per-node rates", () => {
  it('the load needs about 95.5 prefill and 131 decode nodes busy', () => {
    expect(inputPerSecond / prefillRate).toBeCloseTo(95.5, 0)
    expect(outputPerSecond / decodeRate).toBeCloseTo(131.4, 0)
  })

  it('105 prefill + 145 decode nodes (≈ 91% busy) keep both queues bounded', async () => {
    const result = await day6(105, 145)
    const prefill = byKind(result.pools, 'prefill')
    const decode = byKind(result.pools, 'decode')
    expect(prefill.busyShare).toBeGreaterThan(0.87)
    expect(prefill.busyShare).toBeLessThan(0.95)
    // Batches fill to ~91% once the 50-second sequences reach steady state; the run's mean
    // includes the first minute's ramp, so it reads lower.
    expect(decode.batchFill).toBeGreaterThan(0.75)
    expect(decode.batchFill).toBeLessThan(0.95)
    expect(prefill.saturatedAtSeconds).toBeNull()
    expect(decode.saturatedAtSeconds).toBeNull()
    // Bounded: under two waiting per node late in the run, and waits of a fraction of a second.
    expect(tail(prefill.series.queue, 0.25)).toBeLessThan(2 * 105)
    expect(tail(decode.series.queue, 0.25)).toBeLessThan(2 * 145)
    expect(prefill.meanWaitSeconds).toBeLessThan(1)
    expect(decode.meanWaitSeconds).toBeLessThan(1)
    expect(decode.throughput).toBeGreaterThan(0.85 * requestRate)
  }, 120_000)

  it('90 prefill + 125 decode nodes (over 100%) let the queues grow without bound', async () => {
    const result = await day6(90, 125)
    const prefill = byKind(result.pools, 'prefill')
    expect(prefill.saturatedAtSeconds).not.toBeNull()
    // Growing: the last quarter's line is far longer than the second quarter's.
    const q = prefill.series.queue
    const second = q.slice(Math.floor(q.length / 4), Math.floor(q.length / 2))
    expect(tail(q, 0.25)).toBeGreaterThan(1.5 * (second.reduce((a, b) => a + b, 0) / second.length))
    expect(result.brokeFirst.saturation?.pool).toBe('prefill')
  }, 120_000)

  it('and 105 prefill with 125 decode nodes: decode alone is over 100%, and its queue grows', async () => {
    const result = await day6(105, 125)
    const decode = byKind(result.pools, 'decode')
    expect(decode.saturatedAtSeconds).not.toBeNull()
    expect(tail(decode.series.queue, 0.1)).toBeGreaterThan(1000)
    expect(byKind(result.pools, 'prefill').saturatedAtSeconds).toBeNull()
  }, 120_000)
})
