import type { Rng } from './rng.ts'
import type { Perturbation, Scenario, TokenLength } from './scenario.ts'

/** Whether a windowed perturbation is in force at t: from ≤ t < to (no `to`: until the end). */
const inForce = (p: { from: number; to?: number | undefined }, t: number) =>
  t >= p.from && (p.to === undefined || t < p.to)

/** The product of the factors of the perturbations of one kind in force at t. */
export function factorAt(
  perturbations: readonly Perturbation[],
  kind: 'load' | 'output-length' | 'link-slowdown',
  t: number,
): number {
  let factor = 1
  for (const p of perturbations) if (p.kind === kind && inForce(p, t)) factor *= p.factor
  return factor
}

/**
 * The arrival rate over time as constant pieces: the load profile (or the flat rate) times any
 * load perturbations in force. Poisson arrivals are drawn by inverting the integrated rate, which
 * is exact across the pieces' edges.
 */
export class ArrivalProcess {
  private readonly edges: number[]
  private readonly rates: number[]
  private piece = 0

  constructor(scenario: Scenario) {
    const cuts = new Set<number>([0, scenario.seconds])
    for (const point of scenario.loadProfile ?? []) cuts.add(point.at)
    for (const p of scenario.perturbations)
      if (p.kind === 'load') {
        cuts.add(p.from)
        if (p.to !== undefined) cuts.add(p.to)
      }
    this.edges = [...cuts].filter((t) => t >= 0 && t <= scenario.seconds).sort((a, b) => a - b)
    this.rates = this.edges
      .slice(0, -1)
      .map((t) => baseRate(scenario, t) * factorAt(scenario.perturbations, 'load', t))
  }

  /** Requests the run can expect: the integral of the rate. */
  expected(): number {
    return this.rates.reduce(
      (sum, rate, k) => sum + rate * ((this.edges[k + 1] as number) - (this.edges[k] as number)),
      0,
    )
  }

  /** The next arrival after t, or Infinity when none comes before the end. */
  next(t: number, rng: Rng): number {
    let need = rng.exponential(1)
    let now = t
    while (this.piece < this.rates.length) {
      const end = this.edges[this.piece + 1] as number
      const rate = this.rates[this.piece] as number
      if (rate > 0 && now + need / rate < end) return now + need / rate
      need -= rate * (end - now)
      now = end
      this.piece += 1
    }
    return Number.POSITIVE_INFINITY
  }
}

function baseRate(scenario: Scenario, t: number): number {
  const profile = scenario.loadProfile
  if (!profile) return scenario.arrivalRate
  let rate = 0
  for (const point of profile) if (point.at <= t) rate = point.rate
  return rate
}

/** Draws whole token counts ≥ 1 from a length distribution (its logarithms worked out once). */
export class LengthSampler {
  private readonly mean: number
  private readonly kind: TokenLength['distribution']
  private readonly sigma: number
  /** ln(mean) − σ²/2: the lognormal's μ for this mean. */
  private readonly mu: number

  constructor(length: TokenLength) {
    this.mean = length.mean
    this.kind = length.distribution
    this.sigma = length.sigma
    this.mu = Math.log(length.mean) - (length.sigma * length.sigma) / 2
  }

  /** One length, its mean scaled by `factor`. */
  draw(rng: Rng, factor: number): number {
    let value = this.mean * factor
    if (this.kind === 'exponential') value = rng.exponential(value)
    else if (this.kind === 'lognormal') {
      const mu = factor === 1 ? this.mu : this.mu + Math.log(factor)
      value = Math.exp(mu + this.sigma * rng.normal())
    }
    return value < 1.5 ? 1 : Math.round(value)
  }
}
