import { describe, expect, it } from 'vitest'
import { type PerturbationInput, type PoolResult, type ScenarioInput, simulate } from './index.ts'

const speed = { source: 'calculators', modelId: 'llama-3-8b', gpuId: 'h100-sxm' } as const

/** Two prefill and two decode H100s serving Llama 3 8B at a comfortable load, for two minutes. */
function scenario(perturbations: PerturbationInput[], regions = false): ScenarioInput {
  const pools: ScenarioInput['pools'] = regions
    ? [
        { kind: 'prefill', id: 'us-prefill', region: 'us', replicas: 2, speed },
        { kind: 'prefill', id: 'eu-prefill', region: 'eu', replicas: 2, speed },
        { kind: 'decode', id: 'us-decode', region: 'us', replicas: 2, speed },
        { kind: 'decode', id: 'eu-decode', region: 'eu', replicas: 2, speed },
      ]
    : [
        { kind: 'prefill', id: 'prefill', replicas: 2, speed },
        { kind: 'decode', id: 'decode', replicas: 2, speed },
      ]
  return {
    seconds: 120,
    arrivalRate: 12,
    requests: { promptTokens: { mean: 1000 }, outputTokens: { mean: 200 } },
    pools,
    link: { bandwidth: 25e9, latencySeconds: 0.001, shared: true },
    sampleSeconds: 5,
    perturbations,
  }
}

const run = (perturbations: PerturbationInput[], regions = false) =>
  simulate(scenario(perturbations, regions), { seed: 21 })
const byId = (pools: PoolResult[], id: string) => pools.find((p) => p.id === id) as PoolResult
/** Mean of a per-bucket series over [from, to) seconds (5-second buckets), NaN buckets skipped. */
function meanOver(series: Float64Array, from: number, to: number): number {
  const part = Array.from(series.slice(from / 5, to / 5)).filter((v) => Number.isFinite(v))
  return part.reduce((a, b) => a + b, 0) / part.length
}

describe('every perturbation kind moves the result the way it must', () => {
  it('load × 3 from 40 s to 80 s: three times the arrivals then, longer TTFT then, the same before', async () => {
    const [base, burst] = await Promise.all([run([]), run([{ kind: 'load', factor: 3, from: 40, to: 80 }])])
    const ratio =
      meanOver(burst.series.arrivalsPerSecond, 40, 80) / meanOver(base.series.arrivalsPerSecond, 40, 80)
    expect(ratio).toBeGreaterThan(2.6)
    expect(ratio).toBeLessThan(3.4)
    expect(meanOver(burst.series.ttftP99, 40, 80)).toBeGreaterThan(meanOver(base.series.ttftP99, 40, 80))
    expect(meanOver(burst.series.ttftP99, 0, 40)).toBeCloseTo(meanOver(base.series.ttftP99, 0, 40), 6)
    expect(byId(burst.pools, 'prefill').busyShare).toBeGreaterThan(byId(base.pools, 'prefill').busyShare)
  })

  it("lose 50% of the prefill pool's GPUs at 40 s: the rest run busier and TTFT grows after 40 s", async () => {
    const [base, loss] = await Promise.all([
      run([]),
      run([{ kind: 'lose-gpus', pool: 'prefill', share: 0.5, at: 40 }]),
    ])
    expect(meanOver(loss.series.ttftP50, 45, 120)).toBeGreaterThan(meanOver(base.series.ttftP50, 45, 120))
    expect(meanOver(byId(loss.pools, 'prefill').series.busyShare, 45, 120)).toBeGreaterThan(
      1.5 * meanOver(byId(base.pools, 'prefill').series.busyShare, 45, 120),
    )
    expect(loss.notes.some((n) => n.includes('lost 1 of 2 replicas at 40 s'))).toBe(true)
  })

  it('the EU region goes down at 40 s: EU pools stop, the US pools take all the traffic', async () => {
    const [base, down] = await Promise.all([
      run([], true),
      run([{ kind: 'region-down', region: 'eu', at: 40 }], true),
    ])
    expect(byId(down.pools, 'eu-decode').throughput).toBeLessThan(
      0.5 * byId(base.pools, 'eu-decode').throughput,
    )
    expect(byId(down.pools, 'us-decode').throughput).toBeGreaterThan(
      1.3 * byId(base.pools, 'us-decode').throughput,
    )
    expect(meanOver(byId(down.pools, 'eu-prefill').series.busyShare, 45, 120)).toBe(0)
    // Nothing is lost: the requests the EU held were placed again in the US.
    expect(down.requests.completed).toBeGreaterThan(0.95 * base.requests.completed)
  })

  it('output length × 2: more tokens a second, longer responses, more KV in use', async () => {
    const [base, longer] = await Promise.all([run([]), run([{ kind: 'output-length', factor: 2 }])])
    expect(longer.tokensPerSecond).toBeGreaterThan(1.6 * base.tokensPerSecond)
    expect(longer.endToEnd.p50).toBeGreaterThan(1.5 * base.endToEnd.p50)
    const kv = (r: typeof base) => meanOver(byId(r.pools, 'decode').series.kvUse, 30, 120)
    expect(kv(longer)).toBeGreaterThan(1.3 * kv(base))
  })

  it("the KV link's bandwidth ÷ 20 from 40 s: transfers take longer, so do responses", async () => {
    const [base, slow] = await Promise.all([run([]), run([{ kind: 'link-slowdown', factor: 20, from: 40 }])])
    const link = (r: typeof base) => byId(r.pools, 'kv-link')
    expect(link(slow).meanSojournSeconds).toBeGreaterThan(5 * link(base).meanSojournSeconds)
    expect(link(slow).busyShare).toBeGreaterThan(5 * link(base).busyShare)
    expect(meanOver(slow.series.endToEndP50, 50, 120)).toBeGreaterThan(
      meanOver(base.series.endToEndP50, 50, 120),
    )
  })
})
