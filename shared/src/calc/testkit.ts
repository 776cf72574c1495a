/**
 * Test helpers shared by the calculator tests: a seeded random source (so property tests are
 * reproducible) and a relative-tolerance check. Not exported from the package.
 */

/** mulberry32: a tiny seeded PRNG; the same seed gives the same sequence on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

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
