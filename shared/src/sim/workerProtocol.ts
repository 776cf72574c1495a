import type { SimulationResult } from './results.ts'
import type { ScenarioInput } from './scenario.ts'
import { SimulationCancelled, simulate } from './simulate.ts'
import { SimulationInputError } from './simulationError.ts'

/** What the page sends the simulation worker. */
export type SimWorkerRequest =
  | { type: 'run'; id: string; scenario: ScenarioInput; seed: number }
  | { type: 'cancel'; id: string }

/** What the simulation worker answers. */
export type SimWorkerResponse =
  | { type: 'progress'; id: string; fraction: number }
  | { type: 'result'; id: string; result: SimulationResult }
  | { type: 'cancelled'; id: string }
  | { type: 'error'; id: string; subject: string | null; message: string }

/** The part of a worker's global scope the protocol uses. */
export interface SimWorkerScope {
  postMessage(message: SimWorkerResponse): void
  addEventListener(type: 'message', listener: (event: { data: SimWorkerRequest }) => void): void
}

/**
 * Serves simulation runs over a worker's messages: 'run' starts one (progress messages follow,
 * then its result, or an error naming the subject), 'cancel' stops it at the next slice. The
 * worker entry file only calls this, so the page's side and the worker agree on one protocol.
 */
export function serveSimulations(scope: SimWorkerScope): void {
  const running = new Map<string, { aborted: boolean }>()
  scope.addEventListener('message', ({ data }) => {
    if (data.type === 'cancel') {
      const signal = running.get(data.id)
      if (signal) signal.aborted = true
      return
    }
    const signal = { aborted: false }
    running.set(data.id, signal)
    const id = data.id
    simulate(data.scenario, {
      seed: data.seed,
      signal,
      onProgress: (fraction) => scope.postMessage({ type: 'progress', id, fraction }),
    })
      .then((result) => scope.postMessage({ type: 'result', id, result }))
      .catch((error: unknown) => {
        if (error instanceof SimulationCancelled) scope.postMessage({ type: 'cancelled', id })
        else
          scope.postMessage({
            type: 'error',
            id,
            subject: error instanceof SimulationInputError ? error.subject : null,
            message: error instanceof Error ? error.message : String(error),
          })
      })
      .finally(() => running.delete(id))
  })
}
