import { type SimulationResult, summarize } from './results.ts'
import { Run } from './run.ts'
import { type ScenarioInput, scenarioSchema } from './scenario.ts'
import { SimulationInputError } from './simulationError.ts'

/** The part of an AbortSignal a run reads (shared has no DOM or Node types). */
export interface CancelSignal {
  readonly aborted: boolean
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** The run's seed: the same scenario and seed give the same result everywhere. */
  seed: number
  /** Called after each slice of events with the share of simulated time done, 0..1. */
  onProgress?: (fraction: number) => void
  /** Cancels the run: checked between slices; the promise then rejects with SimulationCancelled. */
  signal?: CancelSignal
  /** Events per slice between progress reports and yields to the host (default 200,000). */
  sliceEvents?: number
}

/** Thrown (as the promise's rejection) when a run's signal aborts it. */
export class SimulationCancelled extends Error {
  constructor() {
    super('The simulation was cancelled.')
    this.name = 'AbortError'
  }
}

/** Lets the host run other tasks (a worker's cancel message) between slices. */
function yieldToHost(): Promise<void> {
  const host = globalThis as { setTimeout?: (callback: () => void, ms: number) => unknown }
  return new Promise((resolve) => (host.setTimeout ? host.setTimeout(resolve, 0) : resolve()))
}

/** Validates a scenario, throwing a SimulationInputError that names the first bad field. */
export function parseScenario(input: ScenarioInput) {
  const parsed = scenarioSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new SimulationInputError(issue?.path.join('.') || 'scenario', issue?.message ?? 'invalid scenario')
}

/**
 * Simulates a scenario: requests arrive (Poisson, or a load profile), pass any plain queues, then
 * the serving path (router → prefill → KV link → decode with continuous batching, or colocated
 * replicas), under the scenario's perturbations. Pure and deterministic for a seed: its own
 * PRNG, no clock, no DOM. Batch steps are events, never tokens. Rejects with a
 * SimulationInputError for a scenario it cannot run (naming the field or pool) and with
 * SimulationCancelled when `signal` aborts.
 *
 * @example await simulate({ seconds: 3600, arrivalRate: 8, pools: [{ kind: 'queue', id: 'q', servers: 10, meanServiceSeconds: 1, service: 'exponential' }] }, { seed: 1 })
 * // pools[0].waitProbability ≈ 0.41 (Erlang C for 10 servers at 80% busy)
 */
export async function simulate(input: ScenarioInput, options: SimulateOptions): Promise<SimulationResult> {
  const scenario = parseScenario(input)
  const run = new Run(scenario, options.seed)
  const slice = options.sliceEvents ?? 200_000
  while (!run.done) {
    if (options.signal?.aborted) throw new SimulationCancelled()
    run.advance(slice)
    options.onProgress?.(Math.min(1, run.now / scenario.seconds))
    if (!run.done) await yieldToHost()
  }
  if (options.signal?.aborted) throw new SimulationCancelled()
  return summarize(run, options.seed)
}
