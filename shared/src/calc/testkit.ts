/**
 * Test helpers shared by the calculator tests: a seeded random source (so property tests are
 * reproducible) and a relative-tolerance check. Not exported from the package.
 */

export { seededRandom } from '../seededRandom.ts'

/** Log-uniform draw in [lo, hi], so every order of magnitude is exercised. */
export function logUniform(rand: () => number, lo: number, hi: number): number {
  return Math.exp(Math.log(lo) + rand() * (Math.log(hi) - Math.log(lo)))
}

/** Integer log-uniform draw in [lo, hi]. */
export function intLogUniform(rand: () => number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(logUniform(rand, lo, hi))))
}

/** |actual − expected| ≤ tol · |expected|. */
export function withinRel(actual: number, expected: number, tol: number): boolean {
  return Math.abs(actual - expected) <= tol * Math.abs(expected)
}
