import { z } from 'zod'
import type { CalcResult } from './derivation.ts'
import { Derivation } from './derivation.ts'
import { LIMITS, quantity, withDefault } from './fields.ts'
import { parseInput } from './validate.ts'

/** Evaluation statistics: how many trials a comparison needs, how wide a measured mean is. */

/** Standard normal density φ(t). */
const density = (t: number) => Math.exp(-(t * t) / 2) / Math.sqrt(2 * Math.PI)

/**
 * Standard normal CDF Φ(z) = 1/2 + ∫₀^z φ(t) dt by composite Simpson's rule. The density is
 * smooth, so 2,000 panels are accurate to ~1e-13 for |z| ≤ 10, far past any confidence level a
 * form offers, with no fitted coefficients to trust.
 */
function normalCdf(z: number): number {
  const panels = 2000
  const h = z / panels
  let sum = density(0) + density(z)
  for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * density(i * h)
  return 0.5 + (sum * h) / 3
}

/**
 * The z with Φ(z) = p, by bisection on {@link normalCdf} (Φ is increasing, so 64 halvings of
 * [−10, 10] pin z to below 1e-15).
 *
 * @example normalQuantile(0.975) // 1.95996…
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`)
  let lo = -10
  let hi = 10
  for (let i = 0; i < 64; i++) {
    const mid = (lo + hi) / 2
    if (normalCdf(mid) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** Records and returns the two-sided critical value z₁₋α/₂ of a confidence level, as `name`. */
function twoSidedZ(d: Derivation, name: string, confidence: number): number {
  return d.step(
    'Critical value for the confidence (two-sided)',
    `${name} = Φ⁻¹(1 - (1 - confidence) / 2)`,
    { confidence },
    normalQuantile(1 - (1 - confidence) / 2),
    'ratio',
  )
}

const probability = (label: string, description: string, min: number) =>
  quantity({ label, description, unit: 'ratio', min, max: 0.9999, below: 1 })
const confidence = () =>
  withDefault(
    probability('Confidence', 'Two-sided confidence level (1 − α); 0.95 is the usual choice', 0.5),
    0.95,
  )

// ---------------------------------------------------------------------------------------------

/** Input of {@link proportionSampleSize}. */
export const proportionSampleSizeInput = z.strictObject({
  baseline: probability('Baseline rate', 'Success rate of the current version (p), e.g. 0.5', 1e-6),
  detectableDifference: probability(
    'Detectable difference',
    'Smallest change in the rate worth detecting (δ, absolute: 0.05 is 5 points)',
    1e-6,
  ),
  confidence: confidence(),
  power: withDefault(
    probability('Power', 'Chance of detecting a real difference of that size (1 − β); 0.8 is usual', 0.5),
    0.8,
  ),
})
export type ProportionSampleSizeInput = z.input<typeof proportionSampleSizeInput>

/**
 * Trials per version to tell two success rates apart with a two-sided test, by the normal
 * approximation with the baseline's variance p(1 − p) in both versions:
 * n = 2 · (z₁₋α/₂ + z₁₋β)² · p(1 − p) / δ², rounded up. At 95% confidence and 80% power
 * 2 · (z₁₋α/₂ + z₁₋β)² ≈ 15.7, the "n ≈ 16σ²/δ²" rule of Kohavi, Tang & Xu, "Trustworthy Online
 * Controlled Experiments" (2020), ch. 17. Good while δ is small next to p; trials must be
 * independent (repeated runs of one task are not), so an agent benchmark with fewer tasks than
 * n needs paired comparisons or several runs per task.
 *
 * @example proportionSampleSize({ baseline: 0.5, detectableDifference: 0.05 }).samples // 1570 per version
 */
export function proportionSampleSize(
  input: ProportionSampleSizeInput,
): CalcResult<{ samples: number; zConfidence: number; zPower: number }> {
  const v = parseInput('proportionSampleSize', proportionSampleSizeInput, input)
  const d = new Derivation('proportionSampleSize')
  const zConfidence = twoSidedZ(d, 'zConfidence', v.confidence)
  const zPower = d.step(
    'Critical value for the power',
    'zPower = Φ⁻¹(power)',
    v,
    normalQuantile(v.power),
    'ratio',
  )
  const variance = d.step(
    'Variance of one trial at the baseline rate',
    'variance = baseline · (1 - baseline)',
    v,
    v.baseline * (1 - v.baseline),
    'ratio',
  )
  const samples = d.step(
    'Independent trials per version',
    'samples = ceil(2 · (zConfidence + zPower)² · variance / detectableDifference²)',
    { ...v, zConfidence, zPower, variance },
    Math.ceil((2 * (zConfidence + zPower) ** 2 * variance) / v.detectableDifference ** 2),
    'count',
  )
  return d.finish({ samples, zConfidence, zPower })
}

// ---------------------------------------------------------------------------------------------

/** Input of {@link meanConfidenceInterval}. */
export const meanConfidenceIntervalInput = z.strictObject({
  standardDeviation: quantity({
    label: 'Standard deviation',
    description:
      'Spread of one sample, as a fraction of the score scale (a pass/fail item at rate p: √(p · (1 − p)))',
    unit: 'ratio',
    max: 1e6,
  }),
  samples: quantity({
    label: 'Samples',
    description: 'Independent items or trials averaged (n)',
    unit: 'count',
    integer: true,
    max: LIMITS.count,
  }),
  confidence: confidence(),
})
export type MeanConfidenceIntervalInput = z.input<typeof meanConfidenceIntervalInput>

/**
 * Half-width of the normal-approximation confidence interval of a mean over n independent
 * samples (central limit theorem): halfWidth = z₁₋α/₂ · standardDeviation / √n. A change
 * smaller than about the interval's width cannot be told from noise on that suite.
 *
 * @example meanConfidenceInterval({ standardDeviation: Math.sqrt(0.7 * 0.3), samples: 5000 }).halfWidth
 * // ≈ 0.0127: ±1.3 points on a 5,000-item pass/fail suite scoring 70%
 */
export function meanConfidenceInterval(
  input: MeanConfidenceIntervalInput,
): CalcResult<{ halfWidth: number; standardError: number }> {
  const v = parseInput('meanConfidenceInterval', meanConfidenceIntervalInput, input)
  const d = new Derivation('meanConfidenceInterval')
  const standardError = d.step(
    'Standard error of the mean',
    'standardError = standardDeviation / √samples',
    v,
    v.standardDeviation / Math.sqrt(v.samples),
    'ratio',
  )
  const z = twoSidedZ(d, 'z', v.confidence)
  const halfWidth = d.step(
    'Half-width of the interval (±)',
    'halfWidth = z · standardError',
    { z, standardError },
    z * standardError,
    'ratio',
  )
  return d.finish({ halfWidth, standardError })
}
