import { describe, expect, it } from 'vitest'
import { type PoolResult, simulate } from './index.ts'

/**
 * Closed forms of M/M/c (Erlang C): the probability an arrival waits, and the mean wait,
 * for c servers at offered load a = λ/μ (Kleinrock, Queueing Systems vol. 1, §3.5).
 */
function erlangC(servers: number, arrivalRate: number, meanService: number) {
  const a = arrivalRate * meanService
  const rho = a / servers
  // Sum of a^k / k! for k < c, built term by term so large c does not overflow.
  let term = 1
  let sum = 0
  for (let k = 0; k < servers; k++) {
    sum += term
    term *= a / (k + 1)
  }
  const top = term / (1 - rho)
  const waitProbability = top / (sum + top)
  const meanWait = (waitProbability * meanService) / (servers - a)
  return { waitProbability, meanWait }
}

const within = (actual: number, expected: number) => Math.abs(actual - expected) / expected

/** L = λW: the time-average number inside against arrival rate × mean time inside. */
function littleGap(pool: PoolResult): number {
  return within(pool.meanInSystem, pool.arrivalRate * pool.meanSojournSeconds)
}

describe('a plain queue against Erlang C', () => {
  const cases = [
    { servers: 1, arrivalRate: 2, meanServiceSeconds: 0.35, seconds: 80_000 },
    { servers: 10, arrivalRate: 8, meanServiceSeconds: 1, seconds: 80_000 },
    { servers: 30, arrivalRate: 24, meanServiceSeconds: 1, seconds: 40_000 },
  ]
  for (const c of cases) {
    it(`${c.servers} servers at ${Math.round((100 * c.arrivalRate * c.meanServiceSeconds) / c.servers)}% busy: P(wait) and mean wait within 5%, L = λW within 2%`, async () => {
      const result = await simulate(
        {
          seconds: c.seconds,
          arrivalRate: c.arrivalRate,
          pools: [
            {
              kind: 'queue',
              id: 'q',
              servers: c.servers,
              meanServiceSeconds: c.meanServiceSeconds,
              service: 'exponential',
            },
          ],
        },
        { seed: 7 },
      )
      const pool = result.pools[0] as PoolResult
      const closed = erlangC(c.servers, c.arrivalRate, c.meanServiceSeconds)
      expect(within(pool.waitProbability, closed.waitProbability)).toBeLessThan(0.05)
      expect(within(pool.meanWaitSeconds, closed.meanWait)).toBeLessThan(0.05)
      expect(littleGap(pool)).toBeLessThan(0.02)
      expect(within(pool.busyShare, (c.arrivalRate * c.meanServiceSeconds) / c.servers)).toBeLessThan(0.02)
    })
  }

  it('fixed service waits less than exponential at the same load (M/D/c below M/M/c), and Little still holds', async () => {
    const run = (service: 'fixed' | 'exponential') =>
      simulate(
        {
          seconds: 20_000,
          arrivalRate: 8,
          pools: [{ kind: 'queue', id: 'q', servers: 10, meanServiceSeconds: 1, service }],
        },
        { seed: 3 },
      )
    const [fixed, exponential] = await Promise.all([run('fixed'), run('exponential')])
    const f = fixed.pools[0] as PoolResult
    const e = exponential.pools[0] as PoolResult
    expect(f.meanWaitSeconds).toBeLessThan(0.7 * e.meanWaitSeconds)
    expect(littleGap(f)).toBeLessThan(0.02)
  })

  it('two queues in tandem each match Erlang C (Burke: the departures of an M/M/c are Poisson)', async () => {
    const result = await simulate(
      {
        seconds: 40_000,
        arrivalRate: 4,
        pools: [
          { kind: 'queue', id: 'gateway', servers: 5, meanServiceSeconds: 1, service: 'exponential' },
          { kind: 'queue', id: 'workers', servers: 2, meanServiceSeconds: 0.4, service: 'exponential' },
        ],
      },
      { seed: 11 },
    )
    for (const [pool, servers, mean] of [
      [result.pools[0], 5, 1],
      [result.pools[1], 2, 0.4],
    ] as const) {
      const closed = erlangC(servers, 4, mean)
      expect(within((pool as PoolResult).meanWaitSeconds, closed.meanWait)).toBeLessThan(0.05)
      expect(littleGap(pool as PoolResult)).toBeLessThan(0.02)
    }
  })
})

describe("Little's law in every pool of a serving path", () => {
  it('holds within 2% for the prefill pool, the KV link and the decode pool', async () => {
    const speed = { source: 'calculators', modelId: 'llama-3-8b', gpuId: 'h100-sxm' } as const
    const result = await simulate(
      {
        seconds: 300,
        arrivalRate: 20,
        requests: { promptTokens: { mean: 2000 }, outputTokens: { mean: 200 } },
        pools: [
          { kind: 'prefill', id: 'prefill', replicas: 2, speed },
          { kind: 'decode', id: 'decode', replicas: 2, speed },
        ],
        link: { bandwidth: 50e9, latencySeconds: 0.002, shared: true },
      },
      { seed: 5 },
    )
    expect(result.pools.map((p) => p.kind).sort()).toEqual(['decode', 'link', 'prefill'])
    for (const pool of result.pools) {
      expect(pool.throughput).toBeGreaterThan(0.9 * pool.arrivalRate)
      expect(littleGap(pool)).toBeLessThan(0.02)
    }
  })

  it('holds within 2% for colocated replicas (prefill and decode on the same GPUs)', async () => {
    const result = await simulate(
      {
        seconds: 300,
        arrivalRate: 20,
        requests: { promptTokens: { mean: 1000 }, outputTokens: { mean: 200 } },
        pools: [
          {
            kind: 'colocated',
            id: 'serve',
            replicas: 2,
            speed: { source: 'calculators', modelId: 'llama-3-8b', gpuId: 'h100-sxm' },
          },
        ],
      },
      { seed: 5 },
    )
    const pool = result.pools[0] as PoolResult
    expect(pool.throughput).toBeGreaterThan(0.9 * pool.arrivalRate)
    expect(littleGap(pool)).toBeLessThan(0.02)
  })
})
