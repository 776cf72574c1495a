import { describe, expect, it } from 'vitest'
import { CalcInputError } from './errors.ts'
import { activationBytes, kvCache, trainingStateBytes, weightBytes } from './memory.ts'
import { withinRel } from './testkit.ts'
import { GB, KiB, MiB } from './units.ts'

// kipply's 52B model (Anthropic's, d_model 8192, 64 layers): P = 12 · 64 · 8192² + 65536 · 8192.
const KIPPLY_52B = 12 * 64 * 8192 ** 2 + 65_536 * 8192

describe('weightBytes', () => {
  it("kipply, 'Transformer Inference Arithmetic' (rev. 65c66011): 52,076,478,464 params · 2 = 104,152,956,928 bytes", () => {
    expect(KIPPLY_52B).toBe(52_076_478_464)
    expect(weightBytes({ params: KIPPLY_52B, bytesPerParam: 2 }).bytes).toBe(104_152_956_928)
  })

  it('shows its derivation with the values substituted', () => {
    const r = weightBytes({ params: 8e9, bytesPerParam: 2 })
    expect(r.steps).toEqual([
      {
        label: 'Weight memory',
        formula: 'bytes = params · bytesPerParam',
        substituted: '8e9 · 2',
        value: 16e9,
        unit: 'bytes',
      },
    ])
  })
})

describe('kvCache', () => {
  const opt13b = { layers: 40, kvHeads: 40, headDim: 128, bytesPerElement: 2 }

  it('vLLM (Kwon et al., SOSP 2023) §3: OPT-13B stores 800 KB per token — binary KB, 819,200 bytes', () => {
    expect(kvCache(opt13b).bytesPerToken).toBe(800 * KiB)
  })

  it('vLLM §3: a 2048-token OPT-13B request needs "1.6 GB" (1600 MiB in the paper’s binary units)', () => {
    expect(kvCache({ ...opt13b, tokens: 2048 }).bytes).toBe(1600 * MiB)
  })

  it("kipply: the 52B model's KV cache is 4 · 64 · 8192 = 2,097,152 bytes per token", () => {
    expect(kvCache({ layers: 64, kvHeads: 64, headDim: 128, bytesPerElement: 2 }).bytesPerToken).toBe(
      2_097_152,
    )
  })

  it('Llama 3 70B (GQA, 8 KV heads of 128, 80 layers) at bf16: 327,680 bytes per token', () => {
    expect(kvCache({ layers: 80, kvHeads: 8, headDim: 128, bytesPerElement: 2 }).bytesPerToken).toBe(327_680)
  })

  it('DeepSeek-V3 MLA (DeepSeek-V3 report §4.2: 512 latent + 64 RoPE per layer, 61 layers) via kvHeads 1, headDim 288', () => {
    expect(kvCache({ layers: 61, kvHeads: 1, headDim: 288, bytesPerElement: 2 }).bytesPerToken).toBe(
      61 * 576 * 2,
    )
  })

  it('scales with tokens and batch', () => {
    const r = kvCache({ ...opt13b, tokens: 1000, batch: 8 })
    expect(r.bytes).toBe(r.bytesPerToken * 8000)
    expect(r.steps.map((s) => s.substituted)).toEqual(['2 · 40 · 40 · 128 · 2', '819200 · 1000 · 8'])
  })
})

describe('trainingStateBytes', () => {
  it('ZeRO Table 1: a 1T-parameter model with P_os+g+p on 1024 GPUs needs 15.6 GB per GPU', () => {
    const r = trainingStateBytes({ params: 1e12, dataParallel: 1024, zeroStage: 3 })
    expect(withinRel(r.bytesPerGpu, 15.6 * GB, 0.01)).toBe(true)
  })

  it('every stage with a single GPU is the unpartitioned 16 bytes per parameter', () => {
    for (const zeroStage of [0, 1, 2, 3]) {
      expect(trainingStateBytes({ params: 1e9, zeroStage }).bytesPerGpu).toBe(16e9)
    }
  })

  it('bytesTotal is the per-GPU figure times the data-parallel degree; stage 3 totals the unpartitioned size', () => {
    const r = trainingStateBytes({ params: 7.5e9, dataParallel: 64, zeroStage: 3 })
    expect(r.bytesTotal).toBeCloseTo(r.bytesPerGpu * 64)
    expect(r.bytesTotal).toBeCloseTo(120e9)
  })

  it('optimizer bytes may be zero (plain SGD) but weight bytes may not', () => {
    expect(trainingStateBytes({ params: 1e9, optimizerBytes: 0 }).bytesPerGpu).toBe(4e9)
    expect(() => trainingStateBytes({ params: 1e9, weightBytes: 0 })).toThrow(CalcInputError)
  })

  it('rejects a stage outside 0–3', () => {
    expect(() => trainingStateBytes({ params: 1e9, zeroStage: 4 })).toThrow(/zeroStage must be ≤ 3/)
  })
})

describe('activationBytes (Korthikanti et al. 2022)', () => {
  // GPT-3 175B: s = 2048, h = 12288, a = 96, L = 96.
  const gpt3 = { seqLen: 2048, microBatch: 1, hidden: 12_288, layers: 96, heads: 96 }
  const sbh = 2048 * 12_288

  it('Eq. 1: no parallelism gives s·b·h·(34 + 5as/h) per layer; for GPT-3 5as/h = 80', () => {
    expect((5 * 96 * 2048) / 12_288).toBe(80)
    expect(activationBytes(gpt3).bytes).toBe(96 * sbh * (34 + 80))
  })

  it('§5: selective recomputation cuts GPT-3 activation memory by about 70%', () => {
    const saving =
      1 - activationBytes({ ...gpt3, recompute: 'selective' }).bytes / activationBytes(gpt3).bytes
    expect(withinRel(saving, 0.7, 0.01)).toBe(true)
  })

  it('§5: for MT-NLG 530B (a = 128, h = 20480) 5as/h = 64 and selective recomputation saves about 65%', () => {
    const mtnlg = { seqLen: 2048, microBatch: 1, hidden: 20_480, layers: 105, heads: 128 }
    const saving =
      1 - activationBytes({ ...mtnlg, recompute: 'selective' }).bytes / activationBytes(mtnlg).bytes
    expect(withinRel(saving, 0.65, 0.01)).toBe(true)
  })

  it('Eq. 2: tensor parallel t = 8 without sequence parallel gives s·b·h·(10 + 24/t + 5as/(ht))', () => {
    expect(activationBytes({ ...gpt3, tensorParallel: 8 }).bytes).toBe(96 * sbh * (10 + 3 + 10))
  })

  it('full recomputation keeps only the 2·s·b·h layer input', () => {
    expect(activationBytes({ ...gpt3, recompute: 'full' }).bytes).toBe(96 * 2 * sbh)
  })

  it('scales by bytesPerElement / 2', () => {
    expect(activationBytes({ ...gpt3, bytesPerElement: 4 }).bytes).toBe(2 * activationBytes(gpt3).bytes)
  })

  it('rejects a tensor-parallel degree that does not divide the heads, naming tensorParallel', () => {
    try {
      activationBytes({ ...gpt3, tensorParallel: 7 })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(CalcInputError)
      expect((e as CalcInputError).field).toBe('tensorParallel')
    }
  })
})
