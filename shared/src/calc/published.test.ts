import { describe, expect, it } from 'vitest'
import { CalcInputError } from './errors.ts'
import { decodeStep, prefillTime, speculativeDecoding } from './inference.ts'
import { kvReloadVsRecompute } from './kvOffload.ts'
import { parallelLayout } from './layout.ts'
import { moeExpertsTouched, moeWeightBytesRead } from './moe.ts'
import { collectiveTime } from './network.ts'
import { powerDraw } from './power.ts'
import { goodput, LLAMA3_GPU_MTBF_SECONDS } from './reliability.ts'
import { costPerMillionTokens, servingFleet, tokenCostSplit } from './serving.ts'
import { withinRel } from './testkit.ts'
import { chinchillaOptimal, pipelineBubble, trainingCost, trainingFlops } from './training.ts'
import { DAY, HOUR } from './units.ts'

/**
 * Published worked examples for the calculators added in issue 18. Each test names its source;
 * tolerances allow for the source's rounding and nothing more.
 */

// DeepSeek-V3 technical report (arXiv:2412.19437) §4.2: 61 layers, first 3 dense; 58 MoE layers of
// 256 routed experts, hidden 7168, expert width 2048 (SwiGLU: 3 matrices); 671B total, 37B active.
const DSV3_ROUTED_PARAMS = 58 * 256 * 3 * 7168 * 2048
const DSV3_REST_PARAMS = 671e9 - DSV3_ROUTED_PARAMS

describe('moeExpertsTouched / moeWeightBytesRead', () => {
  it('batch 1 touches exactly top-k of E: 8 of 256 (DeepSeek-V3)', () => {
    const r = moeExpertsTouched({ experts: 256, expertsPerToken: 8, batch: 1 })
    expect(r.fraction).toBeCloseTo(8 / 256, 12)
    expect(r.experts).toBeCloseTo(8, 9)
  })

  it('large batches touch nearly every expert: 1 − (1 − 8/256)^256 ≈ 0.9997', () => {
    const r = moeExpertsTouched({ experts: 256, expertsPerToken: 8, batch: 256 })
    expect(r.fraction).toBeCloseTo(1 - (248 / 256) ** 256, 12)
    expect(r.fraction).toBeGreaterThan(0.999)
  })

  it('DeepSeek-V3 at batch 1 reads ~37 GB of FP8 weights (37B activated), not 671 GB', () => {
    const r = moeWeightBytesRead({
      denseBytes: DSV3_REST_PARAMS,
      expertBytes: DSV3_ROUTED_PARAMS,
      experts: 256,
      expertsPerToken: 8,
      batch: 1,
    })
    expect(withinRel(r.bytes, 37e9, 0.02), `${r.bytes}`).toBe(true)
    expect(r.fraction).toBeCloseTo(37 / 671, 2)
  })

  it('…which makes 8×H200 decode at batch 1 ~18× faster than "all weights every step"', () => {
    const h200x8 = { memBandwidth: 8 * 4.8e12, peakFlops: 8 * 1979e12, params: 37e9, kvBytes: 0, batch: 1 }
    const all = decodeStep({ ...h200x8, weightBytes: 671e9 }).tokensPerSecond
    const touched = decodeStep({
      ...h200x8,
      weightBytes: moeWeightBytesRead({
        denseBytes: DSV3_REST_PARAMS,
        expertBytes: DSV3_ROUTED_PARAMS,
        experts: 256,
        expertsPerToken: 8,
        batch: 1,
      }).bytes,
    }).tokensPerSecond
    expect(all).toBeCloseTo(57.2, 0)
    expect(touched / all).toBeGreaterThan(17)
    expect(touched / all).toBeLessThan(19)
  })

  it('rejects top-k above the expert count at the field', () => {
    expect(() => moeExpertsTouched({ experts: 8, expertsPerToken: 9, batch: 1 })).toThrow(
      expect.objectContaining({ field: 'expertsPerToken' }),
    )
  })
})

describe('decodeStep memoryEfficiency', () => {
  // Llama 3 70B in bf16 on 8×H100 SXM (3.35 TB/s each), batch 1: the rubric's 70%-of-peak figure.
  const base = {
    params: 70.6e9,
    weightBytes: 141.2e9,
    kvBytes: 0,
    batch: 1,
    memBandwidth: 8 * 3.35e12,
    peakFlops: 8 * 989e12,
  }

  it('defaults to 1: the ideal bound, unchanged', () => {
    const r = decodeStep(base)
    expect(r.seconds).toBe(r.idealSeconds)
    expect(r.memoryEfficiency).toBe(1)
  })

  it('at 0.7 of peak the step is 1/0.7 longer and the ideal is still reported', () => {
    const ideal = decodeStep(base)
    const real = decodeStep({ ...base, memoryEfficiency: 0.7 })
    expect(real.idealSeconds).toBeCloseTo(ideal.seconds, 15)
    expect(real.seconds).toBeCloseTo(ideal.seconds / 0.7, 15)
    expect(real.seconds * 1e3).toBeCloseTo(7.53, 2)
    expect(real.idealTokensPerSecond).toBeCloseTo(ideal.tokensPerSecond, 9)
  })

  it('rejects an efficiency of 0 or above 1 at the field', () => {
    for (const memoryEfficiency of [0, 1.2, Number.NaN]) {
      expect(() => decodeStep({ ...base, memoryEfficiency })).toThrow(
        expect.objectContaining({ field: 'memoryEfficiency' }),
      )
    }
  })
})

describe('prefillTime with attention (Chinchilla Appendix F, causal)', () => {
  const llama70b = { params: 70.6e9, peakFlops: 8 * 989e12, layers: 80, attentionDim: 64 * 128 }

  it('attention FLOPs are 2·layers·T²·attentionDim: QKᵀ and AV at 2·T²·d each, halved by the mask', () => {
    const T = 4096
    const r = prefillTime({ ...llama70b, tokens: T })
    const perLayerForward = 2 * T * T * 8192 + 2 * T * T * 8192
    expect(r.attentionFlops).toBe((80 * perLayerForward) / 2)
    expect(r.flops).toBe(2 * 70.6e9 * T + r.attentionFlops)
  })

  it('a 100K-token prefill of a 70B model takes ~2× the linear-only figure', () => {
    const linearOnly = prefillTime({ params: 70.6e9, tokens: 100_000, peakFlops: 8 * 989e12 })
    const withAttention = prefillTime({ ...llama70b, tokens: 100_000 })
    expect(linearOnly.attentionFlops).toBe(0)
    const ratio = withAttention.seconds / linearOnly.seconds
    expect(ratio).toBeGreaterThan(1.8)
    expect(ratio).toBeLessThan(2.1)
  })

  it('layers without the attention width is a half-filled form: a message at the missing field', () => {
    expect(() => prefillTime({ params: 1e9, tokens: 10, peakFlops: 1e15, layers: 32 })).toThrow(
      expect.objectContaining({ field: 'attentionDim' }),
    )
  })
})

describe('servingFleet two-rate form', () => {
  // DeepSeek open-infra-index, 202502OneDay day 6 ("DeepSeek-V3/R1 Inference System Overview"):
  // in 24 h, 608B input tokens (342B, 56.3%, cache hits) and 168B output tokens; an H800 node
  // averages ~73.7k input tokens/s in prefill (including cache hits) or ~14.8k output tokens/s in
  // decode; average occupancy 226.75 nodes of 8 H800s.
  const inputPerSecond = 608e9 / DAY
  const outputPerSecond = 168e9 / DAY

  it('DeepSeek day 6: the day’s tokens over the per-node rates need ~227 nodes, as they ran', () => {
    const r = servingFleet({
      qps: 1,
      inputTokens: inputPerSecond,
      outputTokens: outputPerSecond,
      prefillTokensPerSecondPerReplica: 73_700,
      decodeTokensPerSecondPerReplica: 14_800,
      gpusPerReplica: 8,
      targetUtilization: 1,
    })
    expect(withinRel(r.concurrency, 226.75, 0.01), `${r.concurrency}`).toBe(true)
    expect(r.prefillConcurrency).toBeCloseTo(inputPerSecond / 73_700, 9)
    expect(r.decodeConcurrency).toBeCloseTo(outputPerSecond / 14_800, 9)
  })

  it('cache hits are not prefilled: 56.3% hits cut prefill replicas to 43.7%', () => {
    const base = { qps: 100, inputTokens: 2000, outputTokens: 500, gpusPerReplica: 8 }
    const rates = { prefillTokensPerSecondPerReplica: 50_000, decodeTokensPerSecondPerReplica: 5000 }
    const cold = servingFleet({ ...base, ...rates })
    const warm = servingFleet({ ...base, ...rates, cachedInputFraction: 342 / 608 })
    expect(warm.prefillConcurrency / cold.prefillConcurrency).toBeCloseTo(1 - 342 / 608, 12)
    expect(warm.decodeConcurrency).toBe(cold.decodeConcurrency)
  })

  it('pricing a prompt token like a generated one overstates the fleet several-fold', () => {
    const base = { qps: 10_000, inputTokens: 1000, outputTokens: 250, gpusPerReplica: 8 }
    const single = servingFleet({ ...base, tokensPerSecondPerReplica: 2000 })
    const split = servingFleet({
      ...base,
      prefillTokensPerSecondPerReplica: 50_000,
      decodeTokensPerSecondPerReplica: 2000,
    })
    expect(single.gpus / split.gpus).toBeGreaterThan(3)
  })

  it('mean token counts may be fractional', () => {
    expect(() =>
      servingFleet({
        qps: 1,
        inputTokens: 812.5,
        outputTokens: 210.25,
        tokensPerSecondPerReplica: 1000,
        gpusPerReplica: 1,
      }),
    ).not.toThrow()
  })

  it('without any rate, or with a lone prefill rate, says which field is missing', () => {
    const base = { qps: 1, inputTokens: 10, outputTokens: 10, gpusPerReplica: 1 }
    expect(() => servingFleet(base)).toThrow(
      expect.objectContaining({ field: 'decodeTokensPerSecondPerReplica' }),
    )
    expect(() => servingFleet({ ...base, prefillTokensPerSecondPerReplica: 10 })).toThrow(
      expect.objectContaining({ field: 'decodeTokensPerSecondPerReplica' }),
    )
    expect(() => servingFleet({ ...base, decodeTokensPerSecondPerReplica: 10 })).toThrow(
      expect.objectContaining({ field: 'prefillTokensPerSecondPerReplica' }),
    )
  })

  it('cross-field refusals read as sentences: no "got undefined" for a missing field, a verb for a zero request', () => {
    const base = { qps: 1, inputTokens: 10, outputTokens: 10, gpusPerReplica: 1 }
    expect(() => servingFleet(base)).toThrow(
      'servingFleet: decodeTokensPerSecondPerReplica is required (with the prefill rate), or give the single rate',
    )
    expect(() => servingFleet(base)).not.toThrow(/undefined/)
    expect(() =>
      servingFleet({
        ...base,
        inputTokens: 100,
        cachedInputFraction: 1,
        outputTokens: 0,
        tokensPerSecondPerReplica: 5,
      }),
    ).toThrow(/^servingFleet: outputTokens must be above 0 when no prompt token is left to prefill, got 0$/)
    expect(() => prefillTime({ params: 1e9, tokens: 10, peakFlops: 1e15, attentionDim: 4096 })).toThrow(
      /^prefillTime: layers is needed with attentionDim to count attention FLOPs \(or clear both\)$/,
    )
  })
})

describe('costs (DeepSeek day 6: H800 at $2 per GPU-hour)', () => {
  it('226.75 nodes × 8 GPUs × $2 × 24 h is the published $87,072 per day', () => {
    const r = costPerMillionTokens({ gpuHourPrice: 2, gpus: 226.75 * 8, tokensPerSecond: 1 })
    expect(r.costPerHour * 24).toBeCloseTo(87_072, 6)
  })

  it('input tokens cost a fifth of output tokens at 73.7k vs 14.8k tokens/s per node', () => {
    const r = tokenCostSplit({
      gpuHourPrice: 2,
      gpusPerReplica: 8,
      prefillTokensPerSecondPerReplica: 73_700,
      decodeTokensPerSecondPerReplica: 14_800,
    })
    expect(r.inputCostPerMillionTokens).toBeCloseTo((16 / HOUR / 73_700) * 1e6, 12)
    expect(r.outputCostPerMillionTokens).toBeCloseTo((16 / HOUR / 14_800) * 1e6, 12)
    expect(r.outputCostPerMillionTokens).toBeCloseTo(0.3, 2)
  })

  it('DeepSeek-V3 technical report Table 1: 2.788M H800-hours at $2 is $5.576M (the field takes it)', () => {
    const r = trainingCost({ gpuHours: 2.788e6, gpuHourPrice: 2, gpus: 2048 })
    expect(r.cost).toBeCloseTo(5.576e6, 0)
    expect(r.seconds / DAY).toBeCloseTo(56.7, 1)
  })
})

describe('goodput (Llama 3: 419 unexpected interruptions in 54 days on 16,384 H100s)', () => {
  // Llama 3 Herd of Models (arXiv:2407.21783) §3.3.4.
  const gpuMtbfSeconds = LLAMA3_GPU_MTBF_SECONDS

  it('the exported preset is 54 days × 16,384 GPUs / 419', () => {
    expect(gpuMtbfSeconds).toBeCloseTo((54 * 86_400 * 16_384) / 419, 3)
  })

  it('per-GPU MTBF ≈ 5.8 years; the job fails every ≈ 3.1 hours', () => {
    expect(gpuMtbfSeconds / (365.25 * DAY)).toBeCloseTo(5.78, 2)
    const r = goodput({ gpus: 16_384, gpuMtbfSeconds, checkpointSeconds: 60, restartSeconds: 600 })
    expect(r.failureIntervalSeconds).toBeCloseTo((54 * DAY) / 419, 6)
    expect(r.failureIntervalSeconds / HOUR).toBeCloseTo(3.09, 2)
  })

  it("Young's interval √(2CM) and the first-order goodput 1 − C/τ − (R + τ/2)/M", () => {
    const r = goodput({ gpus: 16_384, gpuMtbfSeconds, checkpointSeconds: 60, restartSeconds: 600 })
    const M = r.failureIntervalSeconds
    const tau = Math.sqrt(2 * 60 * M)
    expect(r.checkpointIntervalSeconds).toBeCloseTo(tau, 9)
    expect(r.goodput).toBeCloseTo(1 - 60 / tau - (600 + tau / 2) / M, 12)
    // Young's τ is the optimum: nearby intervals do worse.
    for (const other of [tau / 2, tau * 2]) {
      const g = goodput({
        gpus: 16_384,
        gpuMtbfSeconds,
        checkpointSeconds: 60,
        restartSeconds: 600,
        checkpointIntervalSeconds: other,
      })
      expect(g.goodput).toBeLessThan(r.goodput)
    }
  })

  it('a million GPUs is accepted; losses beyond the time available report zero, not a negative', () => {
    const r = goodput({ gpus: 1_000_000, gpuMtbfSeconds, checkpointSeconds: 600, restartSeconds: 1800 })
    expect(r.goodput).toBe(0)
  })
})

describe('speculativeDecoding (Leviathan, Kalman & Matias 2023, Eq. 1 and Theorem 3.8)', () => {
  it('α = 0.8, γ = 5: (1 − 0.8⁶)/0.2 ≈ 3.69 tokens per step', () => {
    const r = speculativeDecoding({ acceptanceRate: 0.8, draftTokens: 5, draftCostRatio: 0 })
    expect(r.tokensPerStep).toBeCloseTo((1 - 0.8 ** 6) / 0.2, 12)
    expect(r.speedup).toBe(r.tokensPerStep)
  })

  it('the draft cost divides it: speedup = tokensPerStep / (γc + 1)', () => {
    const r = speculativeDecoding({ acceptanceRate: 0.75, draftTokens: 7, draftCostRatio: 0.05 })
    expect(r.speedup).toBeCloseTo((1 - 0.75 ** 8) / (0.25 * (7 * 0.05 + 1)), 12)
  })

  it('never more than 1/(1 − α) tokens per step, nor more than γ + 1', () => {
    for (const g of [1, 3, 10, 100]) {
      const r = speculativeDecoding({ acceptanceRate: 0.9, draftTokens: g, draftCostRatio: 0 })
      expect(r.tokensPerStep).toBeLessThanOrEqual(10 + 1e-9)
      expect(r.tokensPerStep).toBeLessThanOrEqual(g + 1)
    }
  })

  it('an acceptance rate of 1 or more is impossible: a clear message at the field', () => {
    for (const acceptanceRate of [1, 1.5]) {
      let error: unknown
      try {
        speculativeDecoding({ acceptanceRate, draftTokens: 4, draftCostRatio: 0.1 })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(CalcInputError)
      expect((error as CalcInputError).field).toBe('acceptanceRate')
      expect((error as CalcInputError).message).toContain('must be below 1')
    }
  })
})

describe('pipelineBubble (Narayanan et al. 2021, Megatron-LM §2.2)', () => {
  it('(p − 1)/m, and (p − 1)/(v·m) interleaved', () => {
    expect(pipelineBubble({ stages: 8, microbatches: 64 }).bubbleFraction).toBeCloseTo(7 / 64, 15)
    expect(pipelineBubble({ stages: 8, microbatches: 64, interleave: 2 }).bubbleFraction).toBeCloseTo(
      7 / 128,
      15,
    )
    expect(pipelineBubble({ stages: 1, microbatches: 1 }).bubbleFraction).toBe(0)
  })

  it('given the compute time of a step, the bubble in seconds; without it, no such figure', () => {
    const r = pipelineBubble({ stages: 4, microbatches: 16, stepSeconds: 4.1 })
    expect(r.bubbleSeconds).toBeCloseTo((4.1 * 3) / 16, 12)
    expect(
      pipelineBubble({ stages: 4, microbatches: 16, interleave: 2, stepSeconds: 4.1 }).bubbleSeconds,
    ).toBeCloseTo((4.1 * 3) / 32, 12)
    expect(r.steps.at(-1)?.formula).toBe('bubbleSeconds = bubbleFraction · stepSeconds')
    expect('bubbleSeconds' in pipelineBubble({ stages: 4, microbatches: 16 })).toBe(false)
  })
})

describe('chinchillaOptimal (Hoffmann et al. 2022)', () => {
  it("Chinchilla's (and Gopher's) 5.76e23 FLOPs → ≈ 70B parameters on ≈ 1.4T tokens", () => {
    const r = chinchillaOptimal({ flops: 5.76e23 })
    expect(withinRel(r.params, 70e9, 0.02)).toBe(true)
    expect(withinRel(r.tokens, 1.4e12, 0.02)).toBe(true)
    expect(trainingFlops({ params: r.params, tokens: r.tokens }).flops).toBeCloseTo(5.76e23, -20)
  })

  it('and 70B × 1.4T by 6·N·D is 5.88e23, within 2.1% of the published 5.76e23', () => {
    expect(withinRel(trainingFlops({ params: 70e9, tokens: 1.4e12 }).flops, 5.76e23, 0.021)).toBe(true)
  })
})

describe('collectiveTime per-hop latency (NCCL tuning model)', () => {
  it('a 16 KB tensor-parallel all-reduce over 8 NVLink GPUs costs ~10 µs, not 80 ns', () => {
    const bandwidthOnly = collectiveTime({ op: 'allReduce', bytes: 16_384, ranks: 8, busBandwidth: 450e9 })
    expect(bandwidthOnly.seconds).toBeLessThan(1e-7)
    const r = collectiveTime({
      op: 'allReduce',
      bytes: 16_384,
      ranks: 8,
      busBandwidth: 450e9,
      latency: 3.6e-6,
      hopLatency: 0.47e-6,
    })
    expect(r.seconds).toBeGreaterThan(10e-6)
    expect(r.seconds).toBeLessThan(20e-6)
    expect(r.steps.find((s) => s.label.startsWith('Ring steps'))?.value).toBe(14)
  })
})

describe('powerDraw', () => {
  it('a DGX H100: 8 × 700 W plus 4.6 kW of node is its 10.2 kW maximum; PUE 1.2; J/token', () => {
    const r = powerDraw({
      gpus: 8,
      gpuWatts: 700,
      nodeOverheadWatts: 4600,
      pue: 1.2,
      tokensPerSecond: 10_000,
    })
    expect(r.itWatts).toBe(10_200)
    expect(r.facilityWatts).toBeCloseTo(12_240, 9)
    expect(r.joulesPerToken).toBeCloseTo(1.224, 12)
  })

  it('a million B200s at 1,000 W is accepted', () => {
    expect(powerDraw({ gpus: 1_000_000, gpuWatts: 1000, pue: 1.3, tokensPerSecond: 1e9 }).facilityWatts).toBe(
      1.3e9,
    )
  })
})

describe('kvReloadVsRecompute', () => {
  it('Llama 3 70B, 32K-token prefix over PCIe 5: reload ≈ 0.17 s beats ≥ 6.1 s of recompute on one H100', () => {
    const r = kvReloadVsRecompute({
      tokens: 32_768,
      kvBytesPerToken: 327_680,
      reloadBandwidth: 63e9,
      params: 70.6e9,
      layers: 80,
      attentionDim: 8192,
      peakFlops: 989e12,
    })
    expect(r.bytes).toBe(32_768 * 327_680)
    expect(r.reloadSeconds).toBeCloseTo(r.bytes / 63e9, 12)
    expect(r.recomputeSeconds).toBeCloseTo((2 * 70.6e9 * 32_768 + 2 * 80 * 32_768 ** 2 * 8192) / 989e12, 9)
    expect(r.recomputeSeconds).toBeCloseTo(6.1, 1)
    expect(r.faster).toBe('reload')
  })
})

describe('parallelLayout', () => {
  it('Llama 3 70B in bf16 over TP 8: ≈ 17.6 GB of weights per GPU', () => {
    const r = parallelLayout({ params: 70.6e9, bytesPerParam: 2, tensorParallel: 8 })
    expect(r.gpus).toBe(8)
    expect(r.bytesPerGpu).toBeCloseTo(17.65e9, -7)
  })

  it('DeepSeek-V3 prefill unit (day 6: EP32, DP32, 4 nodes): 8 routed experts of 256 per GPU plus the rest', () => {
    const r = parallelLayout({
      params: 671e9,
      expertParams: DSV3_ROUTED_PARAMS,
      bytesPerParam: 1,
      dataParallel: 32,
      expertParallel: 32,
    })
    expect(r.gpus).toBe(32)
    expect(r.paramsPerGpu).toBeCloseTo(DSV3_REST_PARAMS + DSV3_ROUTED_PARAMS / 32, 0)
  })

  it('without expert parallelism the experts are tensor-split like every other layer: DeepSeek-V3 FP8 on TP8 is ~84 GB per GPU', () => {
    // SGLang's DeepSeek-V3 guide serves it on one 8×H200 node with --tp 8 (141 GB each); vLLM and
    // Megatron-Core also shard each expert over the tensor-parallel ranks unless EP is enabled.
    const r = parallelLayout({
      params: 671e9,
      expertParams: DSV3_ROUTED_PARAMS,
      bytesPerParam: 1,
      tensorParallel: 8,
    })
    expect(r.paramsPerGpu).toBeCloseTo(671e9 / 8, 0)
    expect(r.bytesPerGpu).toBeLessThan(141e9)
  })

  it('an expert-parallel degree that does not divide TP × DP is refused at the field', () => {
    expect(() =>
      parallelLayout({ params: 1e9, bytesPerParam: 2, dataParallel: 4, expertParallel: 3 }),
    ).toThrow(expect.objectContaining({ field: 'expertParallel' }))
  })
})
