import { describe, expect, it } from 'vitest'
import {
  costPerMillionTokens,
  egressBandwidth,
  fanOutTail,
  littleConcurrency,
  requestCost,
  servingFleet,
} from './serving.ts'

describe('littleConcurrency', () => {
  it("Little's law L = λW: 100 requests/s held 2 s each means 200 in flight", () => {
    expect(littleConcurrency({ arrivalRate: 100, latency: 2 }).concurrency).toBe(200)
  })

  it('a latency-numbers example: 10k requests/s each waiting a 500 µs datacenter round trip keeps 5 outstanding', () => {
    expect(littleConcurrency({ arrivalRate: 10_000, latency: 500e-6 }).concurrency).toBeCloseTo(5)
  })
})

describe('servingFleet', () => {
  const base = {
    qps: 10,
    inputTokens: 1000,
    outputTokens: 250,
    tokensPerSecondPerReplica: 5000,
    gpusPerReplica: 8,
  }

  it('worked example: 12,500 tokens/s over 5,000 per replica is 2.5 busy replicas, 4 at 70%, 32 GPUs', () => {
    const r = servingFleet(base)
    expect(r).toMatchObject({ concurrency: 2.5, replicas: 4, gpus: 32 })
    expect(r.steps.map((s) => s.label)).toHaveLength(6)
  })

  it('rounds up exactly: 10.5 busy replicas at 70% is 15 replicas, not 16 (binary floating point gives 15.000000000000002)', () => {
    expect(10.5 / 0.7).toBeGreaterThan(15)
    expect(servingFleet({ ...base, qps: 42 }).replicas).toBe(15)
  })

  it('is consistent with Little’s law: concurrency = qps × replica-seconds per request', () => {
    const r = servingFleet(base)
    const perRequest = (base.inputTokens + base.outputTokens) / base.tokensPerSecondPerReplica
    expect(r.concurrency).toBeCloseTo(
      littleConcurrency({ arrivalRate: base.qps, latency: perRequest }).concurrency,
    )
  })

  it('always at least one replica', () => {
    expect(servingFleet({ ...base, qps: 0.001 }).replicas).toBe(1)
  })
})

describe('egressBandwidth', () => {
  it('1000 responses/s of 4 kB is 4 MB/s', () => {
    expect(egressBandwidth({ qps: 1000, bytesPerResponse: 4000 }).bytesPerSecond).toBe(4e6)
  })
})

describe('costPerMillionTokens', () => {
  it('8 GPUs at $2/hour producing 4000 tokens/s: $16/hour, $1.11 per million tokens', () => {
    const r = costPerMillionTokens({ gpuHourPrice: 2, gpus: 8, tokensPerSecond: 4000 })
    expect(r.costPerHour).toBe(16)
    expect(r.costPerMillionTokens).toBeCloseTo((16 / 3600 / 4000) * 1e6, 12)
    expect(r.costPerMillionTokens).toBeCloseTo(1.111, 3)
  })
})

describe('fanOutTail', () => {
  it('Dean & Barroso, "The Tail at Scale" (CACM 2013): 1% slow per server, 100 servers → 63% of requests slow', () => {
    expect(fanOutTail({ perCallProbability: 0.01, calls: 100 }).probability).toBeCloseTo(0.634, 3)
  })

  it('one call is its own chance; no chance stays none', () => {
    expect(fanOutTail({ perCallProbability: 0.2, calls: 1 }).probability).toBeCloseTo(0.2, 12)
    expect(fanOutTail({ perCallProbability: 0, calls: 1000 }).probability).toBe(0)
  })

  it('refuses a chance above 1', () => {
    expect(() => fanOutTail({ perCallProbability: 1.5, calls: 2 })).toThrow(/perCallProbability/)
  })
})

describe('requestCost', () => {
  const prices = { inputPricePerMillion: 0.2, outputPricePerMillion: 1 }

  it('prices prompt and generated tokens per million', () => {
    const r = requestCost({ inputTokens: 1.5e6, outputTokens: 20_000, ...prices })
    expect(r.inputCost).toBeCloseTo(0.3, 12)
    expect(r.outputCost).toBeCloseTo(0.02, 12)
    expect(r.cost).toBeCloseTo(0.32, 12)
  })

  it('bills the cached share at the cached price, and at the input price when none is given', () => {
    const cached = requestCost({
      inputTokens: 1e6,
      outputTokens: 0,
      ...prices,
      cachedInputFraction: 0.9,
      cachedInputPricePerMillion: 0.02,
    })
    expect(cached.cost).toBeCloseTo(0.1 * 0.2 + 0.9 * 0.02, 12)
    expect(
      requestCost({ inputTokens: 1e6, outputTokens: 0, ...prices, cachedInputFraction: 0.9 }).cost,
    ).toBeCloseTo(0.2, 12)
  })
})
