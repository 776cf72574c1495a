import { describe, expect, it } from 'vitest'
import { decodeStep, kvCache, prefillTime, weightBytes } from '../calc/index.ts'
import { gpuById, modelById } from '../presets/index.ts'
import { type PoolResult, simulate } from './index.ts'

const model = modelById('llama-3-8b')
const gpu = gpuById('h100-sxm')
if (!model || !gpu) throw new Error('presets missing')
const speed = {
  source: 'calculators',
  modelId: model.id,
  gpuId: gpu.id,
  memoryEfficiency: 0.7,
  mfu: 0.5,
} as const
const within = (actual: number, expected: number) => Math.abs(actual - expected) / expected
const pool = (pools: PoolResult[], kind: PoolResult['kind']) =>
  pools.find((p) => p.kind === kind) as PoolResult

describe('pools at saturation deliver what the calculators say', () => {
  it('a decode pool completes replicas × batch / decodeStep seconds tokens a second, within 2%', async () => {
    const prompt = 200
    const output = 100
    const replicas = 3
    const batch = 64
    const result = await simulate(
      {
        seconds: 120,
        // Far more than decode can take, so every replica always runs a full batch.
        arrivalRate: 400,
        requests: {
          promptTokens: { mean: prompt, distribution: 'fixed' },
          outputTokens: { mean: output, distribution: 'fixed' },
        },
        pools: [
          {
            kind: 'prefill',
            id: 'prefill',
            replicas: 1,
            speed: { source: 'measured', prefillTokensPerSecond: 1e9 },
          },
          { kind: 'decode', id: 'decode', replicas, maxBatch: batch, speed },
        ],
      },
      { seed: 1 },
    )
    // A full batch's sequences are spread evenly over their lives: the mean context is the prompt,
    // the prefill's first token, and half of the output still to come.
    const meanContext = prompt + 1 + (output - 1) / 2
    const kvBytesPerToken = kvCache({
      layers: model.layers,
      kvHeads: model.kvHeads,
      headDim: model.headDim,
      bytesPerElement: 2,
    }).bytesPerToken
    const step = decodeStep({
      params: model.activeParams,
      weightBytes: weightBytes({ params: model.params, bytesPerParam: 2 }).bytes,
      kvBytes: batch * meanContext * kvBytesPerToken,
      batch,
      memBandwidth: gpu.hbmBandwidth,
      peakFlops: gpu.bf16DenseFlops,
      memoryEfficiency: 0.7,
    })
    const expected = (replicas * batch) / step.seconds
    // Measured after the first 20 s: completions a second × the tokens decode made for each.
    const completions = result.series.completionsPerSecond.slice(20)
    const measured = (completions.reduce((a, b) => a + b, 0) / completions.length) * (output - 1)
    expect(within(measured, expected)).toBeLessThan(0.02)
    expect(pool(result.pools, 'decode').saturatedAtSeconds).not.toBeNull()
  })

  it('a prefill pool completes replicas / prefillTime prompts a second (its FLOP-bound rate), within 2%', async () => {
    const prompt = 4000
    const replicas = 2
    const result = await simulate(
      {
        seconds: 120,
        arrivalRate: 200,
        requests: {
          promptTokens: { mean: prompt, distribution: 'fixed' },
          outputTokens: { mean: 1, distribution: 'fixed' },
        },
        pools: [
          { kind: 'prefill', id: 'prefill', replicas, speed },
          {
            kind: 'decode',
            id: 'decode',
            replicas: 1,
            speed: { source: 'measured', decodeTokensPerSecond: 1e9 },
          },
        ],
      },
      { seed: 1 },
    )
    const seconds = prefillTime({
      params: model.activeParams,
      tokens: prompt,
      peakFlops: gpu.bf16DenseFlops,
      mfu: 0.5,
      layers: model.layers,
      attentionDim: model.heads * model.headDim,
    }).seconds
    const prefill = pool(result.pools, 'prefill')
    expect(within(prefill.throughput, replicas / seconds)).toBeLessThan(0.02)
    expect(prefill.busyShare).toBeGreaterThan(0.99)
    expect(prefill.saturatedAtSeconds).not.toBeNull()
  })
})
