import { describe, expect, it } from 'vitest'
import { compactNumber, planRooflineChart, rooflineOfCalculation } from './rooflineChart.ts'

describe('planRooflineChart', () => {
  const h100 = { peakFlops: 989e12, memBandwidth: 3.35e12 }

  it('puts the ridge where the roofs meet and spans whole decades around it', () => {
    const plan = planRooflineChart(h100)
    expect(plan.ridge.intensity).toBeCloseTo(295.2, 1)
    expect(plan.xTicks.map((t) => t.label)).toEqual(['1', '10', '100', '1k', '10k'])
    expect(plan.yTicks.at(-1)?.label).toBe('10P')
    expect(plan.roof).toMatch(/^M [\d.]+ [\d.]+ L [\d.]+ [\d.]+ L [\d.]+ [\d.]+$/)
    expect(plan.point).toBeNull()
  })

  it('places a memory-bound decode step left of the ridge, under the slope', () => {
    const plan = planRooflineChart({ ...h100, point: { intensity: 1, flops: 3.35e12 } })
    expect(plan.point?.bound).toBe('memory')
    expect(plan.point?.x).toBeLessThan(plan.ridge.x)
    expect(plan.point?.y).toBeGreaterThan(plan.ridge.y)
    expect(plan.xTicks[0]?.label).toBe('0.1')
  })

  it('keeps every coordinate inside the plot, even for a far-off point', () => {
    const plan = planRooflineChart({ ...h100, point: { intensity: 1e-9, flops: 1 } })
    const { left, right, top, bottom } = plan.plot
    for (const v of [plan.point?.x, plan.ridge.x]) expect(v).toBeGreaterThanOrEqual(left)
    for (const v of [plan.point?.x, plan.ridge.x]) expect(v).toBeLessThanOrEqual(right)
    for (const v of [plan.point?.y, plan.ridge.y]) expect(v).toBeGreaterThanOrEqual(top)
    for (const v of [plan.point?.y, plan.ridge.y]) expect(v).toBeLessThanOrEqual(bottom)
    expect(plan.roof).not.toMatch(/NaN|Infinity/)
  })

  it('labels decades compactly', () => {
    expect([0.1, 1, 100, 1e3, 1e12, 1e15].map(compactNumber)).toEqual(['0.1', '1', '100', '1k', '1T', '1P'])
  })
})

describe('rooflineOfCalculation', () => {
  const roofs = { peakFlops: 989e12, memBandwidth: 3.35e12 }
  it('puts a decode step at its FLOP per streamed byte and its achieved rate', () => {
    const chart = rooflineOfCalculation(
      'decodeStep',
      { ...roofs, params: 70e9, batch: 1, weightBytes: 140e9, kvBytes: 0 },
      { seconds: 140e9 / 3.35e12 },
    )
    expect(chart?.point?.intensity).toBeCloseTo(1, 12)
    expect(chart?.point?.flops).toBeCloseTo(3.35e12, 0)
  })

  it('needs both roofs, and draws no point without a result', () => {
    expect(rooflineOfCalculation('roofline', { peakFlops: 989e12 }, null)).toBeNull()
    expect(rooflineOfCalculation('roofline', { ...roofs, intensity: 5 }, null)?.point).toBeUndefined()
    expect(rooflineOfCalculation('criticalBatch', roofs, { batch: 295 })).toEqual(roofs)
  })
})
