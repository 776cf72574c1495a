import { describe, expect, it } from 'vitest'
import { criticalBatch, decodeStep, prefillTime } from './inference.ts'
import { withinRel } from './testkit.ts'

// kipply, 'Transformer Inference Arithmetic' (2022): a 52B model (12 · 64 · 8192² parameters,
// embeddings aside) on A100s at 312e12 FLOP/s and 1.5e12 bytes/s.
const P = 12 * 64 * 8192 ** 2
const A100 = { memBandwidth: 1.5e12, peakFlops: 312e12 }

describe('decodeStep', () => {
  it('kipply: streaming the 52B weights takes about 69 ms per step on one A100; memory-bound at batch 1', () => {
    const r = decodeStep({ params: P, weightBytes: 2 * P, kvBytes: 0, batch: 1, ...A100 })
    expect(withinRel(r.seconds, 0.069, 0.01)).toBe(true)
    expect(r.bound).toBe('memory')
    expect(r.tokensPerSecond).toBeCloseTo(1 / r.seconds)
  })

  it('each sequence of a batch sees one token per step: at batch 64 the stream rate is 1 / step, a 64th of the total', () => {
    const r = decodeStep({ params: P, weightBytes: 2 * P, kvBytes: 10e9, batch: 64, ...A100 })
    expect(r.streamTokensPerSecond).toBeCloseTo(1 / r.seconds, 9)
    expect(r.streamTokensPerSecond).toBeCloseTo(r.tokensPerSecond / 64, 9)
    expect(r.steps.find((s) => s.label === 'Tokens per second each sequence sees')?.formula).toBe(
      'streamTokensPerSecond = 1 / seconds',
    )
  })

  it('given a token count, the time to generate them: tokens steps at the stated efficiency', () => {
    const input = { params: P, weightBytes: 2 * P, kvBytes: 0, batch: 1, ...A100, memoryEfficiency: 0.7 }
    const r = decodeStep({ ...input, tokens: 15 })
    expect(r.generationSeconds).toBeCloseTo(15 * r.seconds, 12)
    expect(r.seconds).toBeCloseTo(decodeStep(input).idealSeconds / 0.7, 12)
    expect(r.steps.at(-1)?.formula).toBe('generationSeconds = tokens · seconds')
    expect('generationSeconds' in decodeStep(input)).toBe(false)
  })

  it('kipply: on four GPUs in parallel it is about 17 ms', () => {
    const r = decodeStep({
      params: P,
      weightBytes: 2 * P,
      kvBytes: 0,
      batch: 1,
      memBandwidth: 4 * 1.5e12,
      peakFlops: 4 * 312e12,
    })
    expect(withinRel(r.seconds, 0.017, 0.02)).toBe(true)
  })

  it('kipply: up to batch 208 costs the same time; beyond it the step is compute-bound', () => {
    const at208 = decodeStep({ params: P, weightBytes: 2 * P, kvBytes: 0, batch: 208, ...A100 })
    expect(at208.computeSeconds).toBeCloseTo(at208.memorySeconds, 12)
    expect(decodeStep({ params: P, weightBytes: 2 * P, kvBytes: 0, batch: 209, ...A100 }).bound).toBe(
      'compute',
    )
  })

  it('KV-cache reads add to the memory time', () => {
    const without = decodeStep({
      params: 8e9,
      weightBytes: 16e9,
      kvBytes: 0,
      batch: 32,
      memBandwidth: 3.35e12,
      peakFlops: 989e12,
    })
    const withKv = decodeStep({
      params: 8e9,
      weightBytes: 16e9,
      kvBytes: 16e9,
      batch: 32,
      memBandwidth: 3.35e12,
      peakFlops: 989e12,
    })
    expect(withKv.memorySeconds).toBeCloseTo(2 * without.memorySeconds)
  })
})

describe('prefillTime', () => {
  it('kipply: a full forward pass of the 52B model over 208 tokens is about 69 ms (the compute side of the ridge)', () => {
    expect(withinRel(prefillTime({ params: P, tokens: 208, peakFlops: 312e12 }).seconds, 0.069, 0.01)).toBe(
      true,
    )
  })

  it('divides by the achieved fraction of peak', () => {
    const ideal = prefillTime({ params: 70e9, tokens: 2048, peakFlops: 989e12 }).seconds
    expect(prefillTime({ params: 70e9, tokens: 2048, peakFlops: 989e12, mfu: 0.5 }).seconds).toBeCloseTo(
      2 * ideal,
    )
  })

  it("gives attention's share of the FLOPs, which grows with the prompt: Llama 3 70B is ~48% at 100K and ~55% at 128K", () => {
    const llama = { params: 70.6e9, peakFlops: 989e12, layers: 80, attentionDim: 8192 }
    const at100k = prefillTime({ ...llama, tokens: 100_000 })
    expect(at100k.attentionShare).toBeCloseTo(at100k.attentionFlops / at100k.flops, 12)
    expect(at100k.attentionShare).toBeCloseTo(0.481, 3)
    expect(prefillTime({ ...llama, tokens: 131_072 }).attentionShare).toBeCloseTo(0.549, 3)
    expect(prefillTime({ params: 70.6e9, peakFlops: 989e12, tokens: 131_072 }).attentionShare).toBe(0)
  })
})

describe('criticalBatch', () => {
  it('kipply: the A100 ratio 312e12 / 1.5e12 gives 208', () => {
    expect(criticalBatch(A100).batch).toBeCloseTo(208)
  })

  it("'How to Scale Your Model': TPU v5e (1.97e14 FLOP/s, 8.2e11 B/s) needs a batch of about 240", () => {
    expect(withinRel(criticalBatch({ peakFlops: 1.97e14, memBandwidth: 8.2e11 }).batch, 240, 0.01)).toBe(true)
  })

  it('8-bit weights halve it', () => {
    expect(criticalBatch({ ...A100, bytesPerParam: 1 }).batch).toBeCloseTo(104)
  })

  it('agrees with decodeStep: compute time equals memory time at the critical batch', () => {
    const { batch } = criticalBatch({ peakFlops: 1e15, memBandwidth: 2.5e12 })
    expect(batch).toBe(400)
    const r = decodeStep({
      params: 1e9,
      weightBytes: 2e9,
      kvBytes: 0,
      batch,
      memBandwidth: 2.5e12,
      peakFlops: 1e15,
    })
    expect(r.computeSeconds).toBeCloseTo(r.memorySeconds, 12)
  })
})
