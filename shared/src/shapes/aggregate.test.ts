import { describe, expect, it } from 'vitest'
import { aggregateHardware } from './aggregate.ts'
import { gpuCluster as cluster, gpuNode as node } from './diagramFixtures.ts'
import { modelServerShape } from './modelServer.ts'
import { systemComponentShape } from './systemComponent.ts'

// Hand-checked figures: H100 SXM 80 GB, 3.35 TB/s, 989 TFLOP/s BF16, 1979 FP8, NVLink 450 GB/s;
// A100 80 GB, 2.039 TB/s, 312 TFLOP/s, no FP8; NDR and 400GbE ports 50 GB/s per direction.
describe('aggregateHardware', () => {
  it('two 8-GPU H100 nodes with eight NDR NICs each', () => {
    const totals = aggregateHardware([node(), node()])
    expect(totals).toMatchObject({
      gpus: 16,
      nodes: 2,
      byGpu: [{ gpuId: 'h100-sxm', name: 'H100 SXM5 80GB', gpus: 16, scaleUpDomain: 8 }],
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
    expect(totals.byGpu.map((g) => [g.gpuId, g.gpus, g.scaleUpDomain])).toEqual([
      ['h100-sxm', 4, 4],
      ['b200', 72, 72],
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
      servers: [
        {
          label: 'Model server',
          modelId: 'llama-3-70b',
          replicas: 2,
          tensorParallel: 4,
          pipelineParallel: 1,
        },
        { label: 'Model server', modelId: 'llama-3-8b', replicas: 2, tensorParallel: 1, pipelineParallel: 1 },
      ],
    })
    expect(totals.gpus).toBe(0)
    expect(totals.fp8Flops).toBeNull()
  })
})
