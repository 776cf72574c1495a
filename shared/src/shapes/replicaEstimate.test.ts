import { describe, expect, it } from 'vitest'
import { aggregateHardware, emptyTotals } from './aggregate.ts'
import { gpuCluster as cluster, gpuNode as node, modelServer as server } from './diagramFixtures.ts'
import { type EstimateQuestion, estimateSelection } from './replicaEstimate.ts'

// Hand-checked figures: H100 SXM 80 GB, 3.35 TB/s, 989 TFLOP/s BF16, 1979 FP8; Llama 3 70B has
// 70,553,706,496 parameters (141.1 GB in BF16) and 327,680 bytes of BF16 KV a token.
const W70 = 141_107_412_992
const KV70 = 327_680
const H100_BW = 3.35e12

/** The cost-reduction starter's serving fleet: 300 nodes of 8 H100, 300 TP8 replicas of Llama 3 70B. */
const costReduction = aggregateHardware([
  server({ label: 'Serving fleet today', replicas: 300, tensorParallel: 8 }),
  cluster({ nodes: 300, gpusPerNode: 8, scaleUpDomain: 8 }),
])
const llama70b: EstimateQuestion = {
  modelId: 'llama-3-70b',
  precision: 'bf16',
  batch: 1,
  contextTokens: 8192,
  memoryEfficiency: 0.7,
}

describe('estimateSelection: one replica from the model server, the fleet from its replicas', () => {
  it('the cost-reduction fleet: one TP8 H100 replica of Llama 3 70B at batch 1, and 300 of them', () => {
    const e = estimateSelection(costReduction, llama70b)
    expect(e.layout).toMatchObject({
      source: 'server',
      servers: ['Serving fleet today'],
      tensorParallel: 8,
      pipelineParallel: 1,
      gpusPerReplica: 8,
      replicasAsked: 300,
      replicas: 300,
    })
    // One replica holds 141.1 GB of weights + 2.68 GB of KV (8192 tokens) in its 640 GB.
    expect(e.memory?.neededBytes).toBe(W70 + KV70 * 8192)
    expect(e.memory?.hbmBytes).toBeCloseTo(640e9, -3)
    expect(e.memory?.fits).toBe(true)
    expect(e.memory?.perGpuBytes).toBeCloseTo((W70 + KV70 * 8192) / 8, 0)
    // Ideal: 143.79 GB / (8 × 3.35 TB/s) = 5.365 ms; at 70% of peak: 7.665 ms.
    const ideal = (W70 + KV70 * 8192) / (8 * H100_BW)
    expect(e.decode?.idealStepSeconds).toBeCloseTo(ideal, 9)
    expect(e.decode?.idealStepSeconds).toBeCloseTo(0.005365, 5)
    expect(e.decode?.stepSeconds).toBeCloseTo(ideal / 0.7, 9)
    expect(e.decode?.stepSeconds).toBeCloseTo(0.007665, 5)
    expect(e.decode?.memoryEfficiency).toBe(0.7)
    expect(e.decode?.bound).toBe('memory')
    // The fleet is 300 replicas: 300 × 130.5 tokens/s at 70%, 300 × 186.4 ideal.
    expect(e.fleet?.replicas).toBe(300)
    expect(e.fleet?.gpus).toBe(2400)
    expect(e.fleet?.sequences).toBe(300)
    expect(e.fleet?.tokensPerSecond).toBeCloseTo(300 * (0.7 / ideal), 6)
    expect(e.fleet?.idealTokensPerSecond).toBeCloseTo(300 / ideal, 6)
    expect(e.unavailable).toBeNull()
    expect(e.caveats).toContain("Ideal: no communication cost between a replica's 8 GPUs.")
  })

  it('weights alone at batch 1: ~141 GB / (8 × 3.35 TB/s) = ~5.3 ms ideal, ~7.5 ms at 70%', () => {
    const e = estimateSelection(costReduction, { ...llama70b, contextTokens: 1 })
    expect(e.decode?.idealStepSeconds).toBeCloseTo(0.00527, 5)
    expect(e.decode?.stepSeconds).toBeCloseTo(0.00752, 5)
    expect(e.fleet?.tokensPerSecond).toBeCloseTo(300 * (e.decode?.tokensPerSecond ?? 0), 6)
  })

  it('prefill of one prompt uses one replica, and the fleet prefills on all of them', () => {
    const e = estimateSelection(costReduction, llama70b)
    // (2 · 70.55e9 · 8192 + 2 · 80 layers · 8192² · 64 heads · 128) / (8 × 989e12)
    // = (1.1559e15 + 8.796e13) / 7.912e15 = 0.1572 s: attention adds 7.6% at 8K.
    expect(e.prefillSeconds).toBeCloseTo(0.1572, 4)
    expect(e.fleet?.prefillTokensPerSecond).toBeCloseTo((300 * 8192) / (e.prefillSeconds ?? 1), 3)
    expect(e.caveats).toContain('Prefill at 100% of peak FLOP/s: an ideal bound, real MFU is lower.')
  })

  it('pipeline stages add memory, not decode speed: weights stream at one stage', () => {
    const e = estimateSelection(
      aggregateHardware([server({ replicas: 1, tensorParallel: 8, pipelineParallel: 2 }), node(), node()]),
      { ...llama70b, batch: 32 },
    )
    expect(e.layout?.gpusPerReplica).toBe(16)
    // Each stage reads its half of the batch's KV: (141.1 GB + 85.9 GB / 2) / (8 × 3.35 TB/s).
    expect(e.decode?.idealStepSeconds).toBeCloseTo((W70 + (KV70 * 8192 * 32) / 2) / (8 * H100_BW), 9)
    expect(e.replicaPeakFlops).toBeCloseTo(16 * 989e12, -6)
    expect(e.caveats.some((c) => c.startsWith('PP 2: a token passes the stages in turn'))).toBe(true)
  })

  it('caps the fleet at the replicas the selected GPUs hold, and says so', () => {
    const e = estimateSelection(
      aggregateHardware([server({ label: 'Fleet', replicas: 300, tensorParallel: 8 }), node(), node()]),
      llama70b,
    )
    expect(e.layout?.replicas).toBe(2)
    expect(e.fleet?.gpus).toBe(16)
    expect(e.caveats).toContain(
      'Fleet asks for 300 replicas of 8 GPUs; the 16 GPUs selected for it hold 2: the fleet counts 2.',
    )
  })

  it('two layouts of one model: the larger is estimated, the other named as left out', () => {
    const e = estimateSelection(
      aggregateHardware([
        server({ label: 'Prefill engine', replicas: 2, tensorParallel: 8 }),
        server({ label: 'Decode engine', replicas: 4, tensorParallel: 4 }),
        node(),
        node(),
        node(),
        node(),
      ]),
      llama70b,
    )
    expect(e.layout).toMatchObject({ servers: ['Prefill engine'], tensorParallel: 8, replicas: 2 })
    expect(e.caveats).toContain(
      'Left out: Decode engine (4 replicas at TP 4): select it alone for its estimate.',
    )
  })

  it('TP wider than the scale-up domain is named', () => {
    const e = estimateSelection(
      aggregateHardware([server({ replicas: 1, tensorParallel: 16 }), node(), node()]),
      llama70b,
    )
    expect(e.caveats).toContain(
      'TP 16 spans more than the 8-GPU scale-up domain: its all-reduces would cross the scale-out network.',
    )
  })
})

describe('estimateSelection: no model server selected', () => {
  it('assumes one replica per scale-up domain and says so', () => {
    const e = estimateSelection(aggregateHardware([cluster({ nodes: 300 })]), llama70b)
    expect(e.layout).toMatchObject({
      source: 'assumed',
      tensorParallel: 8,
      pipelineParallel: 1,
      replicas: 300,
    })
    expect(e.caveats[0]).toBe(
      'Assumed (no selected model server runs this model): one replica per 8-GPU scale-up domain, TP 8; 300 replicas.',
    )
    // The same figures as the server that runs that layout.
    expect(e.decode).toEqual(estimateSelection(costReduction, llama70b).decode)
  })

  it('adds whole domains as pipeline stages until the model fits: Llama 3 405B on two H100 nodes', () => {
    const e = estimateSelection(aggregateHardware([node(), node()]), { ...llama70b, modelId: 'llama-3-405b' })
    expect(e.layout).toMatchObject({
      tensorParallel: 8,
      pipelineParallel: 2,
      gpusPerReplica: 16,
      replicas: 1,
    })
    expect(e.memory?.fits).toBe(true) // 811.7 GB + 4.2 GB of KV in 1.28 TB
  })

  it('a model server of another model does not size the replica', () => {
    const e = estimateSelection(costReduction, { ...llama70b, modelId: 'llama-3-8b' })
    expect(e.layout?.source).toBe('assumed')
  })

  it('a 100K-GPU cluster gives an estimate, not a throw', () => {
    const totals = aggregateHardware([cluster({ nodes: 12_500, gpusPerNode: 8 })])
    expect(totals.gpus).toBe(100_000)
    const e = estimateSelection(totals, { ...llama70b, batch: 32 })
    expect(e.unavailable).toBeNull()
    expect(e.fleet?.replicas).toBe(12_500)
    expect(e.fleet?.tokensPerSecond).toBeCloseTo(12_500 * (e.decode?.tokensPerSecond ?? 0), 3)
  })
})

describe('estimateSelection: an estimate that cannot be made says why', () => {
  it('does not fit: memory figures and the reason, no speed', () => {
    const e = estimateSelection(aggregateHardware([node({ gpusPerNode: 1 })]), { ...llama70b, batch: 32 })
    expect(e.memory?.fits).toBe(false)
    expect(e.memory?.hbmShare).toBeCloseTo((W70 + KV70 * 8192 * 32) / 80e9, 6)
    expect(e.decode).toBeNull()
    expect(e.unavailable).toBe(
      "No speed estimate: one replica's 1 GPUs hold 80 GB; weights + KV need 227 GB.",
    )
  })

  it('a model server without its GPUs', () => {
    const e = estimateSelection(aggregateHardware([server({ replicas: 300, tensorParallel: 8 })]), llama70b)
    expect(e.layout).toBeNull()
    expect(e.unavailable).toBe('No GPUs selected: select the 2,400 GPUs the model server runs on with it.')
    expect(estimateSelection(emptyTotals(), llama70b).unavailable).toBe('No GPUs selected.')
  })

  it('a refused calculator input is reported, not thrown', () => {
    const e = estimateSelection(costReduction, { ...llama70b, contextTokens: 0.5 })
    expect(e.unavailable).toMatch(/^Cannot estimate: kvCache refused tokens: /)
    expect(() => estimateSelection(costReduction, { ...llama70b, modelId: 'gpt-9' })).toThrow(
      'unknown model "gpt-9"',
    )
  })
})

describe('estimateSelection: precision and GPUs', () => {
  it('FP8 halves the bytes and uses the FP8 peak; an A100 falls back to BF16 with a note', () => {
    const fp8 = estimateSelection(aggregateHardware([node()]), { ...llama70b, precision: 'fp8' })
    expect(fp8.memory?.neededBytes).toBe((W70 + KV70 * 8192) / 2)
    expect(fp8.replicaPeakFlops).toBeCloseTo(8 * 1979e12, -6)
    const a100 = estimateSelection(aggregateHardware([node({ gpuId: 'a100-80gb' })]), {
      ...llama70b,
      precision: 'fp8',
    })
    expect(a100.replicaPeakFlops).toBeCloseTo(8 * 312e12, -6)
    expect(a100.caveats).toContain('A100 SXM4 80GB has no FP8 tensor math: BF16 peak used.')
  })

  it('mixed GPUs are sized on the slowest HBM, said so', () => {
    const e = estimateSelection(aggregateHardware([node(), node({ gpuId: 'a100-80gb' })]), llama70b)
    expect(e.layout?.gpu.gpuId).toBe('a100-80gb')
    expect(e.caveats.some((c) => c.startsWith('Mixed GPUs: every replica is sized as A100'))).toBe(true)
  })

  it('MLA models cache the latent: DeepSeek-V3 holds 576 elements a token a layer', () => {
    const e = estimateSelection(aggregateHardware([node()]), {
      ...llama70b,
      modelId: 'deepseek-v3',
      precision: 'fp8',
      contextTokens: 1,
    })
    expect(e.memory?.kvBytesPerToken).toBe(61 * 576) // 35,136 bytes at 1 byte an element
    expect(e.memory?.weightBytes).toBe(671e9)
    expect(e.memory?.fits).toBe(false) // 671 GB of weights > 640 GB
  })

  it('DeepSeek-V3 decode at batch 1 reads ~37 GB of FP8 weights, not 671 GB', () => {
    // 58 MoE layers × 256 routed experts × 3 · 7168 · 2048 = 653.9 B routed parameters, the rest
    // 17.1 B; batch 1 reads the rest + 8/256 of the routed ones = 37.5 GB (the ~37B activated).
    const routed = 58 * 256 * 3 * 7168 * 2048
    const e = estimateSelection(aggregateHardware([node({ gpuId: 'h200' })]), {
      ...llama70b,
      modelId: 'deepseek-v3',
      precision: 'fp8',
      contextTokens: 4096,
    })
    expect(e.memory?.fits).toBe(true) // 671 GB + 0.14 GB of KV in 8 × 141 GB
    expect(e.decode?.weightBytesRead).toBeCloseTo(671e9 - routed + routed * (8 / 256), 0)
    expect(e.decode?.weightBytesRead).toBeCloseTo(37.5e9, -8)
    expect(e.caveats).toContain(
      'MoE: a batch of 1 touches 3.1% of the routed experts (uniform routing; a skewed router touches fewer), so a step reads 5.6% of the weights: the always-on ones and those experts.',
    )
    // By batch 256 nearly every expert is touched: 1 − (1 − 8/256)^256 = 99.97%.
    const big = estimateSelection(aggregateHardware([node({ gpuId: 'h200' })]), {
      ...llama70b,
      modelId: 'deepseek-v3',
      precision: 'fp8',
      batch: 256,
      contextTokens: 1024,
    })
    expect(big.decode?.weightBytesRead).toBeCloseTo(671e9 - routed + routed * (1 - (1 - 8 / 256) ** 256), 0)
  })
})
