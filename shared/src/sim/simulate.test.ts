import { describe, expect, it } from 'vitest'
import { decodeStep, prefillTime } from '../calc/index.ts'
import { gpuById, modelById } from '../presets/index.ts'
import { modelMemory, weightBytesRead } from '../shapes/replicaEstimate.ts'
import { type ScenarioInput, SimulationCancelled, SimulationInputError, simulate } from './index.ts'
import { replicaSpeed } from './replicaSpeed.ts'
import { servingPool } from './scenario.ts'

/** The host's AbortController (shared's own types leave out DOM and Node globals). */
declare const AbortController: new () => { signal: { readonly aborted: boolean }; abort(): void }

const speed = { source: 'calculators', modelId: 'llama-3-8b', gpuId: 'h100-sxm' } as const
const small: ScenarioInput = {
  seconds: 60,
  arrivalRate: 10,
  pools: [
    { kind: 'prefill', id: 'prefill', replicas: 1, speed },
    { kind: 'decode', id: 'decode', replicas: 1, speed },
  ],
  link: { bandwidth: 50e9 },
}

describe('simulate', () => {
  it('is deterministic for a seed and differs between seeds', async () => {
    const [a, b, c] = await Promise.all([
      simulate(small, { seed: 1 }),
      simulate(small, { seed: 1 }),
      simulate(small, { seed: 2 }),
    ])
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    expect(a.requests.arrived).not.toBe(c.requests.arrived)
  })

  it('reports progress and can be cancelled through an AbortSignal', async () => {
    const controller = new AbortController()
    const seen: number[] = []
    const long = { ...small, seconds: 3600, arrivalRate: 50 }
    const run = simulate(long, {
      seed: 1,
      sliceEvents: 5_000,
      signal: controller.signal,
      onProgress: (fraction) => {
        seen.push(fraction)
        if (seen.length === 3) controller.abort()
      },
    })
    await expect(run).rejects.toBeInstanceOf(SimulationCancelled)
    expect(seen.length).toBe(3)
    expect(seen[2]).toBeLessThan(0.5)
    expect(seen[0]).toBeLessThan(seen[2] as number)
  })

  it('stops an absurd load before it starts, with a message saying the bound', async () => {
    const absurd = { ...small, seconds: 86_400, arrivalRate: 1e6 }
    await expect(simulate(absurd, { seed: 1 })).rejects.toThrow(
      /about 86,400,000,000 requests.*above the bound of 20,000,000/,
    )
  })

  it('stops a run that needs too many events at the bound, saying how far it got', async () => {
    const result = await simulate(
      { ...small, seconds: 3600, maxEvents: 50_000 },
      { seed: 1, sliceEvents: 7_000 },
    )
    expect(
      result.notes.some((n) => /^Stopped at the bound of 50,000 events, \d+ s into the 3600 s run/.test(n)),
    ).toBe(true)
    expect(result.requests.arrived).toBeLessThan(10 * 3600)
    expect(result.pools.every((p) => Number.isFinite(p.throughput))).toBe(true)
  })

  it('follows a load profile: each piece brings its rate', async () => {
    const result = await simulate(
      {
        seconds: 300,
        arrivalRate: 0,
        loadProfile: [
          { at: 0, rate: 5 },
          { at: 100, rate: 20 },
          { at: 200, rate: 0 },
        ],
        pools: [{ kind: 'queue', id: 'q', servers: 100, meanServiceSeconds: 0.1, service: 'fixed' }],
        sampleSeconds: 100,
      },
      { seed: 9 },
    )
    const [first, second, third] = Array.from(result.series.arrivalsPerSecond)
    expect(first).toBeGreaterThan(4.5)
    expect(first).toBeLessThan(5.5)
    expect(second).toBeGreaterThan(18.5)
    expect(second).toBeLessThan(21.5)
    expect(third).toBe(0)
  })

  it('names the field of a bad scenario', async () => {
    const bad = { ...small, pools: [{ kind: 'decode', id: 'decode', replicas: 1, speed }] } as ScenarioInput
    await expect(simulate(bad, { seed: 1 })).rejects.toThrow(/pools: a decode pool needs a prefill pool/)
    const typo = {
      ...small,
      pools: [{ kind: 'colocated', id: 'c', replicas: 1, speed: { ...speed, modelId: 'nope' } }],
    } as ScenarioInput
    await expect(simulate(typo, { seed: 1 })).rejects.toThrow(SimulationInputError)
    await expect(simulate(typo, { seed: 1 })).rejects.toThrow(/c: unknown model "nope"/)
    const target = {
      ...small,
      perturbations: [{ kind: 'lose-gpus', pool: 'gpus-in-mars', share: 0.5, at: 1 }],
    } as ScenarioInput
    await expect(simulate(target, { seed: 1 })).rejects.toThrow(
      /perturbations.0: no serving pool "gpus-in-mars"/,
    )
  })

  it("uses the calculators' figures exactly: its decode step and prefill tables match decodeStep and prefillTime", () => {
    const pool = servingPool.parse({
      kind: 'colocated',
      id: 'c',
      replicas: 1,
      maxBatch: 128,
      speed: { ...speed, tensorParallel: 2, precision: 'fp8', mfu: 0.4 },
    })
    const sim = replicaSpeed(pool)
    const model = modelById('llama-3-8b')
    const gpu = gpuById('h100-sxm')
    if (!model || !gpu) throw new Error('presets missing')
    const memory = modelMemory(model, { precision: 'fp8', batch: 1, contextTokens: 1 })
    for (const [batch, kvTokens] of [
      [1, 0],
      [7, 9_000],
      [128, 400_000],
      [64, 123_456],
    ] as const) {
      const expected = decodeStep({
        params: model.activeParams,
        weightBytes: weightBytesRead(model, memory.bytesPerParam, batch, []),
        kvBytes: kvTokens * memory.kvBytesPerToken,
        batch,
        memBandwidth: 2 * gpu.hbmBandwidth,
        peakFlops: 2 * (gpu.fp8DenseFlops as number),
        memoryEfficiency: 0.7,
      }).seconds
      expect(sim.stepSeconds(batch, kvTokens)).toBeCloseTo(expected, 12)
    }
    for (const tokens of [1, 333, 8_000, 100_000]) {
      const expected = prefillTime({
        params: model.activeParams,
        tokens,
        peakFlops: 2 * (gpu.fp8DenseFlops as number),
        mfu: 0.4,
        layers: model.layers,
        attentionDim: model.heads * model.headDim,
      }).seconds
      expect(Math.abs(sim.prefillSeconds(tokens, 0) - expected) / expected).toBeLessThan(1e-9)
    }
  })

  it('preempts when the KV cache fills, and names the full KV cache as what broke first', async () => {
    const tight: ScenarioInput = {
      seconds: 120,
      arrivalRate: 4,
      requests: { promptTokens: { mean: 4000 }, outputTokens: { mean: 3000 } },
      pools: [
        {
          kind: 'colocated',
          id: 'serve',
          label: 'Serving pool',
          replicas: 1,
          maxBatch: 512,
          speed: { ...speed, hbmUsable: 0.3 },
        },
      ],
    }
    const result = await simulate(tight, { seed: 4 })
    expect(result.preemptions).toBeGreaterThan(0)
    expect(
      Math.max(...Array.from(result.pools[0]?.series.kvUse ?? []).filter(Number.isFinite)),
    ).toBeGreaterThan(0.9)
    expect(result.brokeFirst.saturation?.label).toBe('Serving pool')
    expect(result.brokeFirst.line).toMatch(/^Serving pool saturated at/)
  })

  it('routes by prefix: prefix affinity hits the cache more, so prefill works less than round-robin', async () => {
    const shared = (router: 'round-robin' | 'prefix-affinity'): ScenarioInput => ({
      seconds: 120,
      arrivalRate: 30,
      router,
      requests: {
        promptTokens: { mean: 3000 },
        outputTokens: { mean: 50 },
        sharedPrefixFraction: 0.8,
        prefixGroups: 64,
      },
      pools: [
        { kind: 'prefill', id: 'prefill', replicas: 8, prefixCacheGroups: 8, speed },
        { kind: 'decode', id: 'decode', replicas: 2, speed },
      ],
    })
    const [rr, affinity] = await Promise.all([
      simulate(shared('round-robin'), { seed: 2 }),
      simulate(shared('prefix-affinity'), { seed: 2 }),
    ])
    const busy = (r: typeof rr) => r.pools.find((p) => p.id === 'prefill')?.busyShare ?? 0
    expect(busy(affinity)).toBeLessThan(0.7 * busy(rr))
    expect(affinity.ttft.mean).toBeLessThan(rr.ttft.mean)
  })

  it('costs what its GPUs cost per million output tokens', async () => {
    const result = await simulate({ ...small, gpuHourPrice: 3 }, { seed: 1 })
    expect(result.gpus).toBe(2)
    expect(result.dollars).toBeCloseTo((2 * 3 * 60) / 3600, 9)
    expect(result.costPerMillionTokens).toBeCloseTo(result.dollars / ((result.tokensPerSecond * 60) / 1e6), 9)
  })
})
