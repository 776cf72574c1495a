import { describe, expect, it } from 'vitest'
import { aggregateHardware, checkModelFit, type DiagramShape, emptyTotals } from './aggregate.ts'
import { gpuClusterShape } from './gpuCluster.ts'
import { gpuNodeShape } from './gpuNode.ts'
import { modelServerShape } from './modelServer.ts'
import { systemComponentShape } from './systemComponent.ts'

const node = (props: Record<string, unknown> = {}): DiagramShape => ({
  type: 'gpu-node',
  props: { ...gpuNodeShape.defaults(), ...props },
})
const cluster = (props: Record<string, unknown> = {}): DiagramShape => ({
  type: 'gpu-cluster',
  props: { ...gpuClusterShape.defaults(), ...props },
})

// Hand-checked figures: H100 SXM 80 GB, 3.35 TB/s, 989 TFLOP/s BF16, 1979 FP8, NVLink 450 GB/s;
// A100 80 GB, 2.039 TB/s, 312 TFLOP/s, no FP8; NDR and 400GbE ports 50 GB/s per direction.
describe('aggregateHardware', () => {
  it('two 8-GPU H100 nodes with eight NDR NICs each', () => {
    const totals = aggregateHardware([node(), node()])
    expect(totals).toMatchObject({
      gpus: 16,
      nodes: 2,
      byGpu: [{ gpuId: 'h100-sxm', name: 'H100 SXM5 80GB', gpus: 16 }],
      scaleUpPerGpu: 450e9,
      largestScaleUpDomain: 8,
      invalid: 0,
    })
    expect(totals.hbmBytes).toBeCloseTo(1.28e12, -3) // 16 × 80 GB
    expect(totals.hbmBandwidth).toBeCloseTo(5.36e13, -3) // 16 × 3.35 TB/s
    expect(totals.bf16Flops).toBeCloseTo(1.5824e16, -6) // 16 × 989 TFLOP/s
    expect(totals.fp8Flops).toBeCloseTo(3.1664e16, -6) // 16 × 1979 TFLOP/s
    expect(totals.scaleUpBandwidth).toBeCloseTo(7.2e12, -3) // 16 × 450 GB/s
    expect(totals.scaleOutBandwidth).toBeCloseTo(8e11, -3) // 2 nodes × 8 × 50 GB/s
  })

  it('an A100 cluster: 4 nodes × 8, one 400GbE NIC a node, no FP8', () => {
    const totals = aggregateHardware([
      cluster({ gpuId: 'a100-80gb', nodes: 4, scaleOutLinkId: 'ethernet-400g', nicsPerNode: 1 }),
    ])
    expect(totals.gpus).toBe(32)
    expect(totals.nodes).toBe(4)
    expect(totals.hbmBytes).toBeCloseTo(2.56e12, -3) // 32 × 80 GB
    expect(totals.bf16Flops).toBeCloseTo(9.984e15, -6) // 32 × 312 TFLOP/s
    expect(totals.fp8Flops).toBeNull()
    expect(totals.scaleOutBandwidth).toBeCloseTo(2e11, -3) // 4 × 1 × 50 GB/s
  })

  it('mixes GPU models; the slowest scale-up link and the largest domain win', () => {
    const totals = aggregateHardware([
      node({ gpusPerNode: 4 }),
      cluster({ gpuId: 'b200', nodes: 9, scaleUpDomain: 72 }),
    ])
    expect(totals.gpus).toBe(4 + 72)
    expect(totals.byGpu.map((g) => [g.gpuId, g.gpus])).toEqual([
      ['h100-sxm', 4],
      ['b200', 72],
    ])
    expect(totals.scaleUpPerGpu).toBe(450e9)
    expect(totals.largestScaleUpDomain).toBe(72)
    expect(totals.hbmBytes).toBeCloseTo(4 * 80e9 + 72 * 180e9, -3)
  })

  it('caps a scale-up domain at the cluster it is in', () => {
    expect(
      aggregateHardware([cluster({ nodes: 1, gpusPerNode: 4, scaleUpDomain: 8 })]).largestScaleUpDomain,
    ).toBe(4)
  })

  it('counts invalid shapes apart and leaves them out of every total', () => {
    const totals = aggregateHardware([
      node(),
      node({ gpusPerNode: -4 }),
      node({ gpuId: 'h900' }),
      { type: 'system-component', props: { ...systemComponentShape.defaults(), kind: 'teleporter' } },
      { type: 'arrow', props: {}, meta: { linkType: 'carrier-pigeon' } },
    ])
    expect(totals.gpus).toBe(8)
    expect(totals.invalid).toBe(4)
  })

  it('adds links and model servers; ignores shapes outside the kit', () => {
    const totals = aggregateHardware([
      { type: 'arrow', props: {}, meta: { linkType: 'infiniband-ndr', linkCount: 8 } },
      { type: 'arrow', props: {}, meta: { linkType: 'nvlink-4' } },
      { type: 'arrow', props: {}, meta: {} },
      { type: 'model-server', props: modelServerShape.defaults() },
      {
        type: 'model-server',
        props: { ...modelServerShape.defaults(), modelId: 'llama-3-8b', tensorParallel: 1 },
      },
      { type: 'geo', props: { w: 10 } },
    ])
    expect(totals.links).toEqual({ count: 2, bandwidthPerDirection: 400e9 + 450e9 })
    expect(totals.modelServers).toEqual({
      count: 2,
      gpusRequested: 8 + 2,
      modelIds: ['llama-3-70b', 'llama-3-8b'],
    })
    expect(totals.gpus).toBe(0)
    expect(totals.fp8Flops).toBeNull()
  })
})

describe('checkModelFit', () => {
  const oneNode = aggregateHardware([node()])
  const llama70b = { modelId: 'llama-3-70b', precision: 'bf16', batch: 32, contextTokens: 8192 } as const

  it('Llama 3 70B at BF16, batch 32 × 8K context, on one 8 × H100 node', () => {
    const fit = checkModelFit(oneNode, llama70b)
    // 70,553,706,496 params × 2 bytes.
    expect(fit.weightBytes).toBe(141_107_412_992)
    // 2 · 80 layers · 8 KV heads · 128 · 2 bytes = 327,680 bytes a token; × 8192 × 32.
    expect(fit.kvBytesPerToken).toBe(327_680)
    expect(fit.kvBytes).toBe(85_899_345_920)
    expect(fit.neededBytes).toBe(227_006_758_912)
    expect(fit.fits).toBe(true)
    expect(fit.hbmShare).toBeCloseTo(0.3547, 4) // of 640 GB
    // Memory-bound: 227.0 GB / (8 × 3.35 TB/s) = 8.470 ms a step → 32 / 8.470 ms = 3778 tokens/s;
    // the matmuls would take 2 · 70.55e9 · 32 / (8 × 989e12) = 0.571 ms.
    expect(fit.decode?.bound).toBe('memory')
    expect(fit.decode?.stepSeconds).toBeCloseTo(0.0084704, 6)
    expect(fit.decode?.tokensPerSecond).toBeCloseTo(3777.86, 1)
    // Prefill of 8192 tokens: 2 · 70.55e9 · 8192 / 7.912e15 = 0.1461 s.
    expect(fit.prefillSeconds).toBeCloseTo(0.1461, 4)
    expect(fit.notes).toEqual(['Ideal: all 8 GPUs as one instance, no communication cost.'])
  })

  it('does not fit on one H100', () => {
    const fit = checkModelFit(aggregateHardware([node({ gpusPerNode: 1 })]), llama70b)
    expect(fit.fits).toBe(false)
    expect(fit.hbmShare).toBeCloseTo(227.006758912 / 80, 6)
  })

  it('FP8 halves the bytes and uses the FP8 peak; an A100 falls back to BF16 with a note', () => {
    const fp8 = checkModelFit(oneNode, { ...llama70b, precision: 'fp8' })
    expect(fp8.neededBytes).toBe(227_006_758_912 / 2)
    expect(fp8.peakFlops).toBeCloseTo(8 * 1979e12, -6)
    const a100 = checkModelFit(aggregateHardware([node({ gpuId: 'a100-80gb' })]), {
      ...llama70b,
      precision: 'fp8',
    })
    expect(a100.peakFlops).toBeCloseTo(8 * 312e12, -6)
    expect(a100.notes[0]).toBe('A selected GPU has no FP8 tensor math: BF16 peak used.')
  })

  it('MLA models cache the latent: DeepSeek-V3 holds 576 elements a token a layer', () => {
    const fit = checkModelFit(oneNode, {
      modelId: 'deepseek-v3',
      precision: 'fp8',
      batch: 1,
      contextTokens: 1,
    })
    expect(fit.kvBytesPerToken).toBe(61 * 576) // 35,136 bytes at 1 byte an element
    expect(fit.weightBytes).toBe(671e9)
    expect(fit.fits).toBe(false) // 671 GB of weights > 640 GB
    expect(fit.notes).toContain('MoE: all weights read each step, active parameters computed.')
  })

  it('without GPUs there is a memory answer but no speed', () => {
    const fit = checkModelFit(emptyTotals(), llama70b)
    expect(fit.fits).toBe(false)
    expect(fit.decode).toBeNull()
    expect(fit.prefillSeconds).toBeNull()
    expect(() => checkModelFit(oneNode, { ...llama70b, modelId: 'gpt-9' })).toThrow('unknown model "gpt-9"')
  })
})
