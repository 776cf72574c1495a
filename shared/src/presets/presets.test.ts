import { describe, expect, it } from 'vitest'
import { criticalBatch, decodeStep } from '../calc/inference.ts'
import { kvCache } from '../calc/memory.ts'
import { moeWeightBytesRead } from '../calc/moe.ts'
import { collectiveTime } from '../calc/network.ts'
import { goodput } from '../calc/reliability.ts'
import { withinRel } from '../calc/testkit.ts'
import { DAY, HOUR } from '../calc/units.ts'
import {
  gpuById,
  gpuHourPriceSchema,
  gpuHourPrices,
  gpuSchema,
  gpus,
  latencyTableById,
  latencyTableSchema,
  latencyTables,
  linkById,
  linkSchema,
  links,
  modelById,
  modelSchema,
  models,
  NCCL_RING_BASE_LATENCY,
  reliability,
  reliabilitySchema,
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
  it.each(reliability.map((r) => [r.id, r]))('reliability %s', (_id, r) => {
    expect(reliabilitySchema.safeParse(r).error).toBeUndefined()
    expect(gpuById(r.gpuId)).toBeDefined()
  })
  it.each(gpuHourPrices.map((p) => [p.id, p]))('GPU-hour price %s', (_id, p) => {
    expect(gpuHourPriceSchema.safeParse(p).error).toBeUndefined()
    expect(gpuById(p.gpuId)).toBeDefined()
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
        'gb200',
        'mi325x',
        'tpu-v6e',
        'h800',
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
        'llama-4-scout',
        'llama-4-maverick',
        'qwen3-235b-a22b',
        'deepseek-r1',
        'kimi-k2',
        'gpt-oss-120b',
        'gpt-oss-20b',
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
    ['an FP4 figure that is not 2× FP8', { ...h100, fp4DenseFlops: 1979e12 }, 'fp4DenseFlops'],
    [
      'a pair getting more than the chip',
      { ...h100, scaleUp: { ...h100.scaleUp, pairBandwidthPerDirection: 900e9 } },
      'scaleUp',
    ],
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
    [
      'an MoE split that does not give the active count',
      { ...required(modelById('deepseek-v3'), 'dsv3'), activeParams: 10e9 },
      'moe',
    ],
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

describe('issue 18 data fixes and additions', () => {
  const gpu = (id: string) => required(gpuById(id), id)
  const model = (id: string) => required(modelById(id), id)

  it('B200 draws 1,000 W (HGX B200) and has FP4 at 2× FP8; GB200 runs 72 GPUs in one NVLink domain', () => {
    expect(gpu('b200').powerWatts).toBe(1000)
    expect(gpu('b200').fp4DenseFlops).toBe(9e15)
    expect(gpu('gb200').scaleUp.domainChips).toBe(72)
    expect(gpu('gb200').hbmBandwidth * 72).toBeCloseTo(576e12, -12)
  })

  it('MI300X/MI325X: 448 GB/s is 7 links × 64 GB/s, and a pair of GPUs gets 64', () => {
    for (const id of ['mi300x', 'mi325x']) {
      const g = gpu(id)
      expect(g.scaleUp.links).toBe(7)
      expect(g.scaleUp.pairBandwidthPerDirection).toBe(64e9)
      expect(g.scaleUp.bandwidthPerDirection).toBe(7 * 64e9)
    }
  })

  it('TPU ICI is stored per chip (ports × per-port), Google’s bidirectional figure halved', () => {
    const bidirectional: Record<string, number> = { 'tpu-v5e': 400e9, 'tpu-v5p': 1200e9, 'tpu-v6e': 800e9 }
    for (const [id, bidi] of Object.entries(bidirectional)) {
      const g = gpu(id)
      expect(g.scaleUp.bandwidthPerDirection, id).toBe(bidi / 2)
      expect((g.scaleUp.links ?? 0) * g.scaleUp.pairBandwidthPerDirection, id).toBe(bidi / 2)
    }
  })

  it('every link has a per-hop latency; a 16 KB TP all-reduce over NVLink costs 10–20 µs, not 80 ns', () => {
    for (const l of links) expect(l.hopLatency, l.id).toBeGreaterThan(0)
    const nvlink = required(linkById('nvlink-4'), 'nvlink-4')
    const r = collectiveTime({
      op: 'allReduce',
      bytes: 16 * 1024,
      ranks: 8,
      busBandwidth: nvlink.bandwidthPerDirection,
      latency: NCCL_RING_BASE_LATENCY,
      hopLatency: nvlink.hopLatency,
    })
    expect(r.seconds).toBeGreaterThan(10e-6)
    expect(r.seconds).toBeLessThan(20e-6)
    const ib = required(linkById('infiniband-ndr'), 'ib')
    expect(ib.hopLatency).toBeGreaterThan(nvlink.hopLatency)
  })

  it('the latency sheet calls 150 ms what it is (CA → Netherlands → CA); US coast to coast is 60–70 ms', () => {
    for (const t of latencyTables) {
      for (const row of t.rows)
        expect(row.operation.toLowerCase(), `${t.id}/${row.id}`).not.toContain('cross-country')
    }
    const modern = required(latencyTableById('abseil-modern'), 'abseil')
    expect(modern.rows.find((r) => Math.abs(r.seconds - 0.15) < 1e-9)?.operation).toContain('Netherlands')
    const gpuEra = required(latencyTableById('gpu-era'), 'gpu-era')
    const coast = required(
      gpuEra.rows.find((r) => r.id === 'us-coast-to-coast'),
      'coast',
    )
    expect(coast.seconds).toBeGreaterThanOrEqual(0.06)
    expect(coast.seconds).toBeLessThanOrEqual(0.07)
    expect(gpuEra.rows.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'hbm-access',
        'nvlink-hop',
        'pcie-hop',
        'network-hop',
        'kernel-launch',
        'nccl-allreduce-small',
      ]),
    )
  })

  it('every MoE preset’s split reads about its active parameters at batch 1', () => {
    for (const m of models) {
      if (!m.moe) continue
      const { bytes } = moeWeightBytesRead({
        denseBytes: m.params - m.moe.routedParams,
        expertBytes: m.moe.routedParams,
        experts: m.moe.experts,
        expertsPerToken: m.moe.expertsPerToken,
        batch: 1,
      })
      expect(Math.abs(bytes / m.activeParams - 1), m.id).toBeLessThan(0.2)
    }
  })

  it('DeepSeek-V3 at batch 1 in FP8 reads ~37 GB; on 8×H200 that is ~18× the all-weights figure', () => {
    const m = model('deepseek-v3')
    const moe = required(m.moe ?? undefined, 'moe')
    const read = moeWeightBytesRead({
      denseBytes: m.params - moe.routedParams,
      expertBytes: moe.routedParams,
      experts: moe.experts,
      expertsPerToken: moe.expertsPerToken,
      batch: 1,
    }).bytes
    expect(withinRel(read, 37e9, 0.02)).toBe(true)
    const h200 = gpu('h200')
    const node = {
      params: m.activeParams,
      kvBytes: 0,
      batch: 1,
      memBandwidth: 8 * h200.hbmBandwidth,
      peakFlops: 8 * h200.bf16DenseFlops,
    }
    const ratio =
      decodeStep({ ...node, weightBytes: read }).tokensPerSecond /
      decodeStep({ ...node, weightBytes: m.params }).tokensPerSecond
    expect(ratio).toBeGreaterThan(17)
    expect(ratio).toBeLessThan(19)
  })

  it('new model architectures reproduce their published sizes', () => {
    const swiglu = (h: number, f: number) => 3 * h * f
    // Qwen3 235B: routed experts + GQA attention + embeddings.
    const q = model('qwen3-235b-a22b')
    const qAttention = q.layers * (2 * q.hidden * q.heads * q.headDim + 2 * q.hidden * q.kvHeads * q.headDim)
    expect(withinRel(q.moe?.routedParams ?? 0, 94 * 128 * swiglu(4096, 1536), 1e-12)).toBe(true)
    expect(withinRel((q.moe?.routedParams ?? 0) + qAttention + 2 * q.vocab * q.hidden, 235e9, 0.01)).toBe(
      true,
    )
    // Llama 4 Maverick: 386.5B routed of 400B; the rest ~13.5B.
    const mav = model('llama-4-maverick')
    expect(withinRel(mav.params - (mav.moe?.routedParams ?? 0), 13.5e9, 0.01)).toBe(true)
    // gpt-oss-120b: the card's parameter table adds up.
    const oss = model('gpt-oss-120b')
    expect(withinRel(oss.params, 114.71e9 + 0.96e9 + 1.16e9, 1e-4)).toBe(true)
  })

  it('Llama 3: 419 unexpected interruptions in 54 days on 16,384 H100s is a per-GPU MTBF of ~5.8 years', () => {
    const r = required(
      reliability.find((x) => x.id === 'llama-3-h100'),
      'llama 3',
    )
    expect(r.gpuMtbfSeconds / (365.25 * DAY)).toBeCloseTo(5.78, 2)
    const job = goodput({
      gpus: r.gpus,
      gpuMtbfSeconds: r.gpuMtbfSeconds,
      checkpointSeconds: 60,
      restartSeconds: 600,
    })
    expect(job.failureIntervalSeconds / HOUR).toBeCloseTo(3.09, 2)
  })
})
