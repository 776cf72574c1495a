/**
 * mulberry32: a tiny seeded pseudo-random generator, so the same seed gives the same sequence
 * on every run. For tests and fixtures that must repeat exactly (calculator property tests,
 * random board histories); not exported from the package, and no part of the simulator, which
 * has its own generator (`sim/rng.ts`).
 */
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
