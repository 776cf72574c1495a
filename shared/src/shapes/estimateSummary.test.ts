import { describe, expect, it } from 'vitest'
import { aggregateHardware } from './aggregate.ts'
import { gpuCluster, modelServer } from './diagramFixtures.ts'
import { summarizeEstimate, tokenRate } from './estimateSummary.ts'
import { estimateSelection } from './replicaEstimate.ts'

const costReduction = aggregateHardware([
  modelServer({ label: 'Fleet', replicas: 300, tensorParallel: 8 }),
  gpuCluster({ nodes: 300 }),
])
const question = {
  modelId: 'llama-3-70b',
  precision: 'bf16',
  batch: 1,
  contextTokens: 8192,
  memoryEfficiency: 0.7,
} as const

describe('summarizeEstimate', () => {
  it("words one replica's figures and the fleet's, at the stated efficiency", () => {
    const estimate = estimateSelection(costReduction, question)
    const s = summarizeEstimate(estimate)
    expect(s.replicaHeading).toBe('One replica: TP 8, 8 × H100 SXM5 80GB')
    expect(s.fleetHeading).toBe('Fleet: 300 replicas, 2,400 GPUs')
    expect(s.fit).toBe('Fits one replica: 144 GB of 640 GB (22%)')
    // 1 / 7.665 ms = 130.5 tokens/s; × 300 = 39,140.
    expect(s.replica.map((l) => [l.label, l.value])).toEqual([
      ['Decode at 70% HBM', '130 tokens/s'],
      ['Ideal (100% HBM)', '186 tokens/s'],
      ['Step, memory-bound', '7.66 ms · ideal 5.37 ms'],
      ['Weights read a step', '141 GB'],
      ['Prefill, 8,192 tokens', '157 ms'],
    ])
    expect(s.fleet.find((l) => l.id === 'decode')?.value).toBe(
      tokenRate(300 * (estimate.decode?.tokensPerSecond ?? 0)),
    )
    expect(s.unavailable).toBeNull()
  })

  it('an assumed layout is labelled; no speed figures leave the reason', () => {
    const assumed = summarizeEstimate(estimateSelection(aggregateHardware([gpuCluster()]), question))
    expect(assumed.fleetHeading).toBe('Fleet: 16 replicas, 128 GPUs (assumed)')
    const none = summarizeEstimate(estimateSelection(aggregateHardware([]), question))
    expect(none.replica).toEqual([])
    expect(none.unavailable).toBe('No GPUs selected.')
  })

  it('token rates read as people say them', () => {
    expect(tokenRate(39_140.6)).toBe('39,141 tokens/s')
    expect(tokenRate(2.346e7)).toBe('23.5 M tokens/s')
    expect(tokenRate(57.04)).toBe('57 tokens/s')
  })
})
