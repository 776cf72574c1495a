import { describe, expect, it } from 'vitest'
import { CalcInputError } from './errors.ts'
import { meanConfidenceInterval, normalQuantile, proportionSampleSize } from './statistics.ts'

describe('normalQuantile', () => {
  it('gives the textbook critical values (z 0.975 = 1.959964, z 0.8 = 0.841621, z 0.995 = 2.575829)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6)
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 6)
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 6)
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12)
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959964, 6)
  })

  it('refuses a probability outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow(RangeError)
    expect(() => normalQuantile(0)).toThrow(RangeError)
  })
})

describe('proportionSampleSize', () => {
  it('a 5-point change from 50% at 95% confidence and 80% power: 2 · (1.96 + 0.8416)² · 0.25 / 0.05² = 1,570 per version', () => {
    const r = proportionSampleSize({ baseline: 0.5, detectableDifference: 0.05 })
    expect(r.samples).toBe(1570)
    expect(r.zConfidence).toBeCloseTo(1.96, 2)
    expect(r.zPower).toBeCloseTo(0.8416, 4)
  })

  it('Kohavi, Tang & Xu (2020) ch. 17: n ≈ 16σ²/δ² per variant at 95% / 80%', () => {
    const p = 0.2
    const delta = 0.01
    const n = proportionSampleSize({ baseline: p, detectableDifference: delta }).samples
    expect(n / ((16 * p * (1 - p)) / delta ** 2)).toBeCloseTo(0.98, 2)
  })

  it('needs four times the trials for half the difference, and more for more power', () => {
    const wide = proportionSampleSize({ baseline: 0.3, detectableDifference: 0.1 }).samples
    const narrow = proportionSampleSize({ baseline: 0.3, detectableDifference: 0.05 }).samples
    expect(narrow / wide).toBeGreaterThan(3.5)
    expect(
      proportionSampleSize({ baseline: 0.3, detectableDifference: 0.1, power: 0.9 }).samples,
    ).toBeGreaterThan(wide)
  })

  it('shows the formula with its values', () => {
    const r = proportionSampleSize({ baseline: 0.5, detectableDifference: 0.05 })
    expect(r.steps.map((s) => s.label)).toEqual([
      'Critical value for the confidence (two-sided)',
      'Critical value for the power',
      'Variance of one trial at the baseline rate',
      'Independent trials per version',
    ])
    expect(r.steps[3]?.substituted).toMatch(/^ceil\(2 · \(1\.96\d* \+ 0\.8416\d*\)² · 0\.25 \/ 0\.05²\)$/)
  })

  it('refuses a rate of 1 or a confidence of 1 and names the field', () => {
    expect(() => proportionSampleSize({ baseline: 1, detectableDifference: 0.05 })).toThrow(CalcInputError)
    expect(() => proportionSampleSize({ baseline: 1, detectableDifference: 0.05 })).toThrow(/baseline/)
    expect(() => proportionSampleSize({ baseline: 0.5, detectableDifference: 0.05, confidence: 1 })).toThrow(
      /confidence/,
    )
  })
})

describe('meanConfidenceInterval', () => {
  it('a 5,000-item pass/fail suite at 70%: ±1.96 · √0.21 / √5000 ≈ ±1.27 points', () => {
    const r = meanConfidenceInterval({ standardDeviation: Math.sqrt(0.21), samples: 5000 })
    expect(r.standardError).toBeCloseTo(Math.sqrt(0.21 / 5000), 12)
    expect(r.halfWidth).toBeCloseTo(0.0127, 4)
  })

  it('halves with four times the samples and widens with the confidence', () => {
    const base = meanConfidenceInterval({ standardDeviation: 0.5, samples: 1000 }).halfWidth
    expect(meanConfidenceInterval({ standardDeviation: 0.5, samples: 4000 }).halfWidth).toBeCloseTo(
      base / 2,
      12,
    )
    expect(
      meanConfidenceInterval({ standardDeviation: 0.5, samples: 1000, confidence: 0.99 }).halfWidth,
    ).toBeCloseTo((base * 2.575829) / 1.959964, 6)
  })
})
