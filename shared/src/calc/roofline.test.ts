import { describe, expect, it } from 'vitest'
import { roofline } from './roofline.ts'
import { withinRel } from './testkit.ts'

describe('roofline (Williams, Waterman & Patterson 2009)', () => {
  it("kipply: the A100's ridge sits at 312e12 / 1.5e12 = 208 FLOP/byte", () => {
    expect(roofline({ peakFlops: 312e12, memBandwidth: 1.5e12, intensity: 1 }).ridgeIntensity).toBeCloseTo(
      208,
    )
  })

  it("'How to Scale Your Model': TPU v5e's critical intensity is about 240 FLOP/byte", () => {
    expect(
      withinRel(
        roofline({ peakFlops: 1.97e14, memBandwidth: 8.2e11, intensity: 1 }).ridgeIntensity,
        240,
        0.01,
      ),
    ).toBe(true)
  })

  it('below the ridge: bandwidth × intensity, memory-bound', () => {
    const r = roofline({ peakFlops: 312e12, memBandwidth: 1.5e12, intensity: 100 })
    expect(r.attainableFlops).toBe(150e12)
    expect(r.bound).toBe('memory')
  })

  it('at and above the ridge: the compute roof', () => {
    expect(roofline({ peakFlops: 312e12, memBandwidth: 1.5e12, intensity: 208 }).bound).toBe('compute')
    const r = roofline({ peakFlops: 312e12, memBandwidth: 1.5e12, intensity: 1000 })
    expect(r.attainableFlops).toBe(312e12)
    expect(r.bound).toBe('compute')
  })
})
