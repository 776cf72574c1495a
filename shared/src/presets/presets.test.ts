import { describe, expect, it } from 'vitest'
import { criticalBatch } from '../calc/inference.ts'
import { kvCache } from '../calc/memory.ts'
import { withinRel } from '../calc/testkit.ts'
import {
  gpuById,
  gpuSchema,
  gpus,
  latencyTableSchema,
  latencyTables,
  linkById,
  linkSchema,
  links,
  modelById,
  modelSchema,
  models,
} from './index.ts'
import type { ModelPreset } from './schemas.ts'

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing preset ${what}`)
  return value
}

describe('every preset validates against its schema', () => {
  it.each(gpus.map((g) => [g.id, g]))('gpu %s', (_id, g) => {
    expect(gpuSchema.safeParse(g).error).toBeUndefined()
  })
  it.each(models.map((m) => [m.id, m]))('model %s', (_id, m) => {
    expect(modelSchema.safeParse(m).error).toBeUndefined()
  })
  it.each(links.map((l) => [l.id, l]))('link %s', (_id, l) => {
    expect(linkSchema.safeParse(l).error).toBeUndefined()
  })
  it.each(latencyTables.map((t) => [t.id, t]))('latency table %s', (_id, t) => {
    expect(latencyTableSchema.safeParse(t).error).toBeUndefined()
  })

  it('ids are unique within each list, and the spec’s required entries are present', () => {
    for (const list of [gpus, models, links, latencyTables]) {
      expect(new Set(list.map((x) => x.id)).size).toBe(list.length)
    }
    expect(gpus.map((g) => g.id)).toEqual(
      expect.arrayContaining([
        'a100-40gb',
        'a100-80gb',
        'h100-sxm',
        'h100-pcie',
        'h200',
        'b200',
        'mi300x',
        'tpu-v5e',
        'tpu-v5p',
      ]),
    )
    expect(models.map((m) => m.id)).toEqual(
      expect.arrayContaining([
        'llama-3-8b',
        'llama-3-70b',
        'llama-3-405b',
        'mixtral-8x7b',
        'deepseek-v3',
        'grok-1',
        'opt-13b',
        'gpt-3-175b',
      ]),
    )
    expect(links.map((l) => l.id)).toEqual(
      expect.arrayContaining([
        'nvlink-4',
        'nvlink-5',
        'pcie-4-x16',
        'pcie-5-x16',
        'infiniband-ndr',
        'infiniband-xdr',
        'ethernet-100g',
        'ethernet-400g',
      ]),
    )
  })

  it('every GPU scale-up link id points at a link preset with the same bandwidth', () => {
    for (const g of gpus) {
      if (!g.scaleUp.linkId) continue
      expect(linkById(g.scaleUp.linkId)?.bandwidthPerDirection, g.id).toBe(g.scaleUp.bandwidthPerDirection)
    }
  })
})

describe('the schemas catch bad data (so the checks above can fail)', () => {
  const h100 = required(gpuById('h100-sxm'), 'h100-sxm')
  const llama = required(modelById('llama-3-70b'), 'llama-3-70b')

  it.each([
    ['FLOP/s entered in TFLOP/s', { ...h100, bf16DenseFlops: 989 }, 'bf16DenseFlops'],
    ['a with-sparsity FP8 figure (4× BF16)', { ...h100, fp8DenseFlops: 3958e12 }, 'fp8DenseFlops'],
    ['bandwidth in GB/s', { ...h100, hbmBandwidth: 3350 }, 'hbmBandwidth'],
    ['no source', { ...h100, sources: [] }, 'sources'],
  ])('gpu: %s', (_what, bad, path) => {
    const paths = gpuSchema.safeParse(bad).error?.issues.map((i) => i.path[0]) ?? []
    expect(paths).toContain(path)
  })

  it.each([
    ['KV heads not dividing heads', { ...llama, kvHeads: 7 }, 'kvHeads'],
    [
      'KV elements inconsistent with GQA shape',
      { ...llama, kvElementsPerTokenPerLayer: 4096 },
      'kvElementsPerTokenPerLayer',
    ],
    ['active params on a dense model', { ...llama, activeParams: 1e9 }, 'activeParams'],
    ['an unknown field', { ...llama, kv_heads: 8 }, undefined],
  ])('model: %s', (_what, bad, path) => {
    const error = modelSchema.safeParse(bad).error
    expect(error).toBeDefined()
    expect(error?.issues.map((i) => i.path[0])).toContain(path)
  })
})

/** Dense decoder with SwiGLU MLP, GQA, RMSNorm and untied embeddings (Llama 3), or MoE MLPs (Mixtral). */
function swigluParams(m: ModelPreset, expertsUsed: number): number {
  const attention = 2 * m.hidden * m.heads * m.headDim + 2 * m.hidden * m.kvHeads * m.headDim
  const mlp = expertsUsed * 3 * m.hidden * m.ffnHidden
  const router = m.moe ? m.hidden * m.moe.experts : 0
  const norms = 2 * m.hidden
  return m.layers * (attention + mlp + router + norms) + 2 * m.vocab * m.hidden + m.hidden
}

describe('model presets agree with their published architecture', () => {
  it.each(['llama-3-8b', 'llama-3-70b', 'llama-3-405b'])(
    '%s: parameter count follows exactly from Table 3 of the Llama 3 paper',
    (id) => {
      const m = required(modelById(id), id)
      expect(swigluParams(m, 1)).toBe(m.params)
    },
  )

  it('Llama 3 rounded sizes as on the model card: 8.03B, 70.6B, 405B', () => {
    expect(withinRel(required(modelById('llama-3-8b'), '8b').params, 8.03e9, 0.001)).toBe(true)
    expect(withinRel(required(modelById('llama-3-70b'), '70b').params, 70.6e9, 0.001)).toBe(true)
    expect(withinRel(required(modelById('llama-3-405b'), '405b').params, 405e9, 0.005)).toBe(true)
  })

  it('Mixtral 8x7B: Table 1 architecture gives the 46.7B total and 12.9B active of the release post', () => {
    const m = required(modelById('mixtral-8x7b'), 'mixtral')
    expect(swigluParams(m, 8)).toBe(m.params)
    expect(swigluParams(m, 2)).toBe(m.activeParams)
    expect(withinRel(m.params, 46.7e9, 0.001)).toBe(true)
    expect(withinRel(m.activeParams, 12.9e9, 0.002)).toBe(true)
  })

  it('GPT-3 175B and OPT-13B: 12·L·d² + V·d lands within 1–2% of the published size', () => {
    const gpt3 = required(modelById('gpt-3-175b'), 'gpt3')
    const opt = required(modelById('opt-13b'), 'opt')
    const approx = (m: ModelPreset) => 12 * m.layers * m.hidden ** 2 + m.vocab * m.hidden
    expect(withinRel(approx(gpt3), gpt3.params, 0.01)).toBe(true)
    expect(withinRel(approx(opt), opt.params, 0.02)).toBe(true)
    expect(gpt3.heads * gpt3.headDim).toBe(gpt3.hidden)
  })

  it('Grok-1: the released config reproduces 314B total; activeParams is xAI’s 25%', () => {
    const m = required(modelById('grok-1'), 'grok')
    const attention = 2 * m.hidden * m.heads * m.headDim + 2 * m.hidden * m.kvHeads * m.headDim
    const expertsTotal = 8 * 3 * m.hidden * m.ffnHidden
    expect(withinRel(m.layers * (attention + expertsTotal) + m.vocab * m.hidden, 314e9, 0.01)).toBe(true)
    expect(m.activeParams).toBe(0.25 * m.params)
  })

  it('DeepSeek-V3: MLA caches 512 + 64 elements per layer; 37B of 671B active', () => {
    const m = required(modelById('deepseek-v3'), 'dsv3')
    expect(m.kvElementsPerTokenPerLayer).toBe(512 + 64)
    expect(m.activeParams / m.params).toBeCloseTo(37 / 671)
  })
})

describe('presets feed the calculators', () => {
  it('KV bytes per token from any model preset: layers × cached elements × 2 bytes', () => {
    for (const m of models) {
      const { bytesPerToken } = kvCache({
        layers: m.layers,
        kvHeads: 1,
        headDim: m.kvElementsPerTokenPerLayer / 2,
        bytesPerElement: 2,
      })
      expect(bytesPerToken, m.id).toBe(m.layers * m.kvElementsPerTokenPerLayer * 2)
    }
  })

  it("kipply's A100 40GB table (1555 GB/s) and the H100 SXM critical batches: ≈ 201 and ≈ 295", () => {
    const a100 = required(gpuById('a100-40gb'), 'a100')
    const h100 = required(gpuById('h100-sxm'), 'h100')
    expect(
      criticalBatch({ peakFlops: a100.bf16DenseFlops, memBandwidth: a100.hbmBandwidth }).batch,
    ).toBeCloseTo(200.6, 1)
    expect(
      criticalBatch({ peakFlops: h100.bf16DenseFlops, memBandwidth: h100.hbmBandwidth }).batch,
    ).toBeCloseTo(295.2, 1)
  })

  it('latency rows are ordered fastest first, so the cheat sheet reads top-down', () => {
    for (const table of latencyTables) {
      const seconds = table.rows.map((r) => r.seconds)
      expect(seconds).toEqual([...seconds].sort((a, b) => a - b))
    }
  })
})
