import type { Perturbation, Scenario, ServingPool } from './scenario.ts'
import { SimulationInputError } from './simulationError.ts'

/** The serving pools of a scenario. */
export const servingPools = (scenario: Scenario): ServingPool[] =>
  scenario.pools.filter((p): p is ServingPool => p.kind !== 'queue')

/**
 * The serving pools a perturbation hits: for lost GPUs, every serving pool ('all'), the pools of
 * a role ('prefill', 'decode', 'colocated') or one pool by id or label; for a lost region, the
 * pools in it (the region with the most GPUs when the card names none). A target that matches
 * nothing is an error naming it, never a silent no-op.
 */
export function perturbedPools(scenario: Scenario, p: Perturbation, index: number): ServingPool[] {
  const pools = servingPools(scenario)
  if (p.kind === 'lose-gpus') {
    const hit =
      p.pool === 'all'
        ? pools
        : pools.filter((q) => q.kind === p.pool || q.id === p.pool || q.label === p.pool)
    if (hit.length === 0)
      throw new SimulationInputError(
        `perturbations.${index}`,
        `no serving pool "${p.pool}" to take GPUs from`,
      )
    return hit
  }
  if (p.kind === 'region-down') {
    const region = p.region ?? largestRegion(pools)
    const hit = pools.filter((q) => regionMatches(q.region, region))
    if (hit.length === 0)
      throw new SimulationInputError(`perturbations.${index}`, `no serving pool in region "${region}"`)
    return hit
  }
  return []
}

/** The region holding the most GPUs. */
export function largestRegion(pools: readonly ServingPool[]): string {
  const gpus = new Map<string, number>()
  for (const p of pools) gpus.set(p.region, (gpus.get(p.region) ?? 0) + p.replicas * gpusPerReplica(p))
  let best = 'default'
  let most = -1
  for (const [region, n] of gpus) if (n > most) [best, most] = [region, n]
  return best
}

/** GPUs in one replica of a pool: TP × PP when the calculators size it, else as stated. */
export function gpusPerReplica(pool: ServingPool): number {
  return pool.speed.source === 'calculators'
    ? pool.speed.tensorParallel * pool.speed.pipelineParallel
    : pool.gpusPerReplica
}

/**
 * Whether a drawn region's label answers to the name a card gives: the same label, or one of its
 * words (case aside), so a card's "EU" finds "eu-west-1" or "EU region" but "us" never finds
 * "Australia".
 */
export function regionMatches(label: string, name: string): boolean {
  if (label === name) return true
  const words = label.toLowerCase().split(/[^a-z0-9]+/)
  const wanted = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  return wanted.length > 0 && wanted.every((w) => words.includes(w))
}
