import {
  chinchillaOptimal,
  decodeStep,
  goodput,
  moeExpertsTouched,
  moeWeightBytesRead,
  pipelineBubble,
  prefillTime,
  servingFleet,
  speculativeDecoding,
} from '@roofline/shared/calc'
import { reliability } from '@roofline/shared/presets'
import { describe, expect, it } from 'vitest'

/**
 * Issue 18's calculator API, exactly as promised, through the package export a held-out set
 * would use: each function by its name from `@roofline/shared/calc`, each input field by its
 * name (the schemas are strict, so a misspelt field is refused rather than ignored), each figure
 * by its name, the stated defaults, derivation steps, and a published worked example.
 */

/** The figure names a result carries besides its derivation steps. */
const figures = (result: object) =>
  Object.keys(result)
    .filter((key) => key !== 'steps')
    .sort()

/** Every result explains itself: at least one step, each with a label, formula and value. */
function expectSteps(result: {
  steps: ReadonlyArray<{ label: string; formula: string; value: number | string }>
}) {
  expect(result.steps.length).toBeGreaterThan(0)
  for (const step of result.steps) {
    expect(step.label.length).toBeGreaterThan(0)
    expect(step.formula).toContain('=')
  }
}

describe('the issue 18 calculator API through @roofline/shared/calc', () => {
  it('decodeStep takes memoryEfficiency (default 1, the ideal bound): the 10k-QPS rubric’s 15.4 ms ideal, 22 ms at 70%', () => {
    const input = {
      params: 70.6e9,
      weightBytes: 70.6e9,
      kvBytes: 136.3e9,
      batch: 256,
      memBandwidth: 13.4e12,
      peakFlops: 7.916e15,
    }
    const ideal = decodeStep(input)
    const at70 = decodeStep({ ...input, memoryEfficiency: 0.7 })
    expect(ideal.memoryEfficiency).toBe(1)
    expect(ideal.seconds).toBeCloseTo(ideal.idealSeconds, 12)
    expect(ideal.seconds).toBeCloseTo(0.01544, 4)
    expect(at70.seconds).toBeCloseTo(0.02206, 4)
    expectSteps(at70)
  })

  it('moeExpertsTouched({experts, expertsPerToken, batch}) → {fraction, experts}: DeepSeek-V3, 8 of 256', () => {
    const one = moeExpertsTouched({ experts: 256, expertsPerToken: 8, batch: 1 })
    expect(figures(one)).toEqual(['experts', 'fraction'])
    expect(one.fraction).toBeCloseTo(8 / 256, 12)
    expect(one.experts).toBeCloseTo(8, 9)
    // 1 − (1 − 8/256)^64
    expect(moeExpertsTouched({ experts: 256, expertsPerToken: 8, batch: 64 }).fraction).toBeCloseTo(0.8689, 4)
    expectSteps(one)
  })

  it('moeWeightBytesRead({denseBytes, expertBytes, experts, expertsPerToken, batch}) → {bytes, fraction}: ~37 GB at batch 1', () => {
    const read = moeWeightBytesRead({
      denseBytes: 17.1e9,
      expertBytes: 653.9e9,
      experts: 256,
      expertsPerToken: 8,
      batch: 1,
    })
    expect(figures(read)).toEqual(['bytes', 'fraction'])
    expect(read.bytes / 1e9).toBeCloseTo(37.5, 1)
    expect(read.fraction).toBeCloseTo(37.53 / 671, 3)
    expectSteps(read)
  })

  it('prefillTime({..., layers?, attentionDim?}) → {seconds, flops, attentionFlops}: 100K tokens of a 70B, 2·L·T²·dim', () => {
    const linear = prefillTime({ params: 70.6e9, tokens: 100_000, peakFlops: 7.912e15, mfu: 0.5 })
    const withAttention = prefillTime({
      params: 70.6e9,
      tokens: 100_000,
      peakFlops: 7.912e15,
      mfu: 0.5,
      layers: 80,
      attentionDim: 64 * 128,
    })
    expect(linear.attentionFlops).toBe(0)
    expect(withAttention.attentionFlops).toBeCloseTo(2 * 80 * 100_000 ** 2 * 8192, -10)
    expect(withAttention.flops).toBeCloseTo(2 * 70.6e9 * 100_000 + withAttention.attentionFlops, -10)
    expect(withAttention.seconds).toBeCloseTo(withAttention.flops / (7.912e15 * 0.5), 9)
    expect(figures(withAttention)).toEqual(expect.arrayContaining(['attentionFlops', 'flops', 'seconds']))
    expectSteps(withAttention)
  })

  it('servingFleet takes the two rates, cachedInputFraction (default 0), targetUtilization (default 0.7) and mean token counts', () => {
    const base = { qps: 10_000, inputTokens: 1500.5, outputTokens: 250.25, gpusPerReplica: 4 }
    const split = servingFleet({
      ...base,
      cachedInputFraction: 0.5,
      prefillTokensPerSecondPerReplica: 200_000,
      decodeTokensPerSecondPerReplica: 11_600,
    })
    // replica-seconds per request = input · (1 − cached) / prefill + output / decode
    const perRequest = (1500.5 * 0.5) / 200_000 + 250.25 / 11_600
    expect(split.concurrency).toBeCloseTo(10_000 * perRequest, 6)
    expect(split.prefillConcurrency).toBeCloseTo((10_000 * 1500.5 * 0.5) / 200_000, 6)
    expect(split.decodeConcurrency).toBeCloseTo((10_000 * 250.25) / 11_600, 6)
    expect(split.replicas).toBe(Math.ceil(split.concurrency / 0.7))
    expect(split.gpus).toBe(split.replicas * 4)
    const uncached = servingFleet({
      ...base,
      prefillTokensPerSecondPerReplica: 200_000,
      decodeTokensPerSecondPerReplica: 11_600,
    })
    expect(uncached.prefillConcurrency).toBeCloseTo((10_000 * 1500.5) / 200_000, 6)
    const single = servingFleet({ ...base, tokensPerSecondPerReplica: 20_000, targetUtilization: 1 })
    expect(single.concurrency).toBeCloseTo((10_000 * (1500.5 + 250.25)) / 20_000, 6)
    expect(figures(split)).toEqual(
      expect.arrayContaining(['concurrency', 'decodeConcurrency', 'gpus', 'prefillConcurrency', 'replicas']),
    )
    expectSteps(split)
  })

  it('goodput({gpus, gpuMtbfSeconds, checkpointSeconds, restartSeconds, checkpointIntervalSeconds?}): Llama 3’s 419 in 54 days', () => {
    const llama3 = reliability.find((preset) => preset.interruptions === 419)
    if (!llama3) throw new Error('no Llama 3 reliability preset')
    const young = goodput({
      gpus: 16_384,
      gpuMtbfSeconds: llama3.gpuMtbfSeconds,
      checkpointSeconds: 30,
      restartSeconds: 600,
    })
    expect(figures(young)).toEqual(['checkpointIntervalSeconds', 'failureIntervalSeconds', 'goodput'])
    expect(young.failureIntervalSeconds).toBeCloseTo((54 * 86_400) / 419, 6)
    const optimum = Math.sqrt(2 * 30 * young.failureIntervalSeconds)
    expect(young.checkpointIntervalSeconds).toBeCloseTo(optimum, 6)
    expect(young.goodput).toBeCloseTo(
      1 - 30 / optimum - (600 + optimum / 2) / young.failureIntervalSeconds,
      9,
    )
    const fixed = goodput({
      gpus: 16_384,
      gpuMtbfSeconds: llama3.gpuMtbfSeconds,
      checkpointSeconds: 30,
      restartSeconds: 600,
      checkpointIntervalSeconds: 3600,
    })
    expect(fixed.checkpointIntervalSeconds).toBe(3600)
    expectSteps(fixed)
  })

  it('speculativeDecoding({acceptanceRate, draftTokens, draftCostRatio}) → {tokensPerStep, speedup}: Leviathan et al. Eq. 1, Thm 3.8', () => {
    const result = speculativeDecoding({ acceptanceRate: 0.8, draftTokens: 4, draftCostRatio: 0.05 })
    expect(figures(result)).toEqual(['speedup', 'tokensPerStep'])
    expect(result.tokensPerStep).toBeCloseTo((1 - 0.8 ** 5) / (1 - 0.8), 9)
    expect(result.speedup).toBeCloseTo((1 - 0.8 ** 5) / ((1 - 0.8) * (4 * 0.05 + 1)), 9)
    expect(() => speculativeDecoding({ acceptanceRate: 1, draftTokens: 4, draftCostRatio: 0.05 })).toThrow()
    expectSteps(result)
  })

  it('pipelineBubble({stages, microbatches, interleave = 1}) → {bubbleFraction}: (p − 1)/(v·m), Narayanan et al. 2021', () => {
    const plain = pipelineBubble({ stages: 4, microbatches: 16 })
    expect(plain.bubbleFraction).toBe(3 / 16)
    expect(pipelineBubble({ stages: 4, microbatches: 16, interleave: 2 }).bubbleFraction).toBe(3 / 32)
    expect(figures(plain)).toContain('bubbleFraction')
    expectSteps(plain)
  })

  it('chinchillaOptimal({flops}) → {params, tokens}: C = 6ND, D = 20N gives Chinchilla’s 70B on 1.4T', () => {
    const result = chinchillaOptimal({ flops: 6 * 70e9 * 1.4e12 })
    expect(figures(result)).toEqual(['params', 'tokens'])
    expect(result.params).toBeCloseTo(70e9, -6)
    expect(result.tokens).toBeCloseTo(1.4e12, -9)
    expectSteps(result)
  })
})
