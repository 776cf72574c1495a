import { describe, expect, it } from 'vitest'
import { CalcInputError } from './errors.ts'
import { withinRel } from './testkit.ts'
import { loraParams, trainingFlops, trainingTime, utilization } from './training.ts'
import { DAY } from './units.ts'

describe('trainingFlops', () => {
  it('GPT-3 paper (Brown et al. 2020) Table D.1: 175B on 300B tokens took 3.14e23 FLOPs', () => {
    expect(withinRel(trainingFlops({ params: 175e9, tokens: 300e9 }).flops, 3.14e23, 0.01)).toBe(true)
  })

  it("'The Llama 3 Herd of Models': 405B on 15.6T tokens used 3.8e25 FLOPs", () => {
    expect(withinRel(trainingFlops({ params: 405e9, tokens: 15.6e12 }).flops, 3.8e25, 0.01)).toBe(true)
  })

  it('full recomputation costs 8·N·D instead of 6·N·D', () => {
    const plain = trainingFlops({ params: 1e9, tokens: 1e9 })
    const recomputed = trainingFlops({ params: 1e9, tokens: 1e9, recompute: true })
    expect(recomputed.flops / plain.flops).toBeCloseTo(8 / 6)
    expect(recomputed.steps[0]?.formula).toBe('flops = 8 · params · tokens')
  })
})

describe('trainingTime (Narayanan et al. 2021, Megatron-LM on GPU clusters, §5.1)', () => {
  it('GPT-3 175B on 300B tokens with 1024 A100s at 140 TFLOP/s: about 34 days', () => {
    const { flops } = trainingFlops({ params: 175e9, tokens: 300e9, recompute: true })
    const { seconds } = trainingTime({ flops, gpus: 1024, flopsPerGpu: 140e12 })
    expect(withinRel(seconds / DAY, 34, 0.02)).toBe(true)
  })

  it('1T parameters on 450B tokens with 3072 A100s at 163 TFLOP/s: about 84 days', () => {
    const { flops } = trainingFlops({ params: 1e12, tokens: 450e9, recompute: true })
    const { seconds } = trainingTime({ flops, gpus: 3072, flopsPerGpu: 163e12 })
    expect(withinRel(seconds / DAY, 84, 0.02)).toBe(true)
  })
})

describe('utilization', () => {
  it("Megatron-LM 2021: the 1T run's 163 TFLOP/s per A100 is 52% of the 312 TFLOP/s peak", () => {
    const { mfu } = utilization({
      flops: 8 * 1e12 * 450e9,
      gpus: 3072,
      seconds: 84 * DAY,
      peakFlopsPerGpu: 312e12,
    })
    expect(withinRel(mfu, 0.52, 0.02)).toBe(true)
  })

  it('round-trips with trainingTime: time at x% of peak gives back x%', () => {
    const flops = 1e24
    const { seconds } = trainingTime({ flops, gpus: 1000, flopsPerGpu: 0.4 * 989e12 })
    expect(utilization({ flops, gpus: 1000, seconds, peakFlopsPerGpu: 989e12 }).mfu).toBeCloseTo(0.4, 12)
  })

  it('refuses a run faster than peak, blaming the seconds field', () => {
    try {
      utilization({ flops: 1e24, gpus: 1, seconds: 1, peakFlopsPerGpu: 1e15 })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(CalcInputError)
      expect((e as CalcInputError).field).toBe('seconds')
    }
  })
})

describe('loraParams', () => {
  // Llama 3 70B (config.json): 80 layers, hidden 8192, 8 KV heads of 128, intermediate 28672.
  const llama70b = { layers: 80, hiddenSize: 8192, kvDim: 1024, ffnSize: 28_672, rank: 16 }

  it('Hu et al. 2021 §4.1: a d × k matrix gets r·(d + k); rank 16 on every Llama 3 70B projection is 207,093,760', () => {
    const r = loraParams(llama70b)
    expect(r.paramsPerLayer).toBe(16 * (2 * 16_384 + 2 * 9216 + 3 * 36_864))
    expect(r.params).toBe(207_093_760)
  })

  it('LoRA §7.1: the 18M-parameter budget on GPT-3 175B (96 layers of 12288) is rank 4 on Wq and Wv: 18,874,368', () => {
    const r = loraParams({
      layers: 96,
      hiddenSize: 12_288,
      kvDim: 12_288,
      ffnSize: 49_152,
      rank: 4,
      target: 'qv',
    })
    expect(r.params).toBe(18_874_368)
  })

  it('attention-only adapters leave the MLP out, and a plain MLP has two matrices', () => {
    const attention = loraParams({ ...llama70b, target: 'attention' }).paramsPerLayer
    expect(attention).toBe(16 * (2 * 16_384 + 2 * 9216))
    expect(loraParams({ ...llama70b, mlpMatrices: 2 }).paramsPerLayer).toBe(attention + 16 * 2 * 36_864)
  })

  it('refuses an unknown target and names the field', () => {
    expect(() => loraParams({ ...llama70b, target: 'mlp' as 'all' })).toThrow(/target/)
  })
})
