import type {
  ScenarioInput,
  SimulationResult,
  SimWorkerRequest,
  SimWorkerResponse,
} from '@roofline/shared/sim'

/** How a run in the worker ended. */
export type WorkerOutcome =
  | { kind: 'done'; result: SimulationResult }
  | { kind: 'error'; subject: string | null; message: string }
  | { kind: 'cancelled' }

/** A run going on in a Web Worker. */
export interface WorkerRun {
  /** Settles once, with the result, the simulator's message, or cancelled. */
  done: Promise<WorkerOutcome>
  /** Stops it at once: the worker is terminated, whatever it was doing. */
  cancel(): void
}

/**
 * Runs `simulate` in a new Web Worker (simWorker.ts), so the page does no work proportional
 * to the requests: only progress messages and the result cross. The worker is terminated when
 * the run ends or is cancelled (terminating, rather than asking it to stop between slices,
 * frees the core at once).
 */
export function runInWorker(
  scenario: ScenarioInput,
  seed: number,
  onProgress: (fraction: number) => void,
): WorkerRun {
  const worker = new Worker(new URL('./simWorker.ts', import.meta.url), { type: 'module' })
  let settle: (outcome: WorkerOutcome) => void = () => {}
  const done = new Promise<WorkerOutcome>((resolve) => {
    settle = (outcome) => {
      worker.terminate()
      resolve(outcome)
      settle = () => {}
    }
  })
  const id = 'run'
  worker.addEventListener('message', ({ data }: MessageEvent<SimWorkerResponse>) => {
    if (data.type === 'progress') onProgress(data.fraction)
    else if (data.type === 'result') settle({ kind: 'done', result: data.result })
    else if (data.type === 'cancelled') settle({ kind: 'cancelled' })
    else settle({ kind: 'error', subject: data.subject, message: data.message })
  })
  worker.addEventListener('error', (event) =>
    settle({ kind: 'error', subject: null, message: event.message || 'The simulation worker failed.' }),
  )
  worker.postMessage({ type: 'run', id, scenario, seed } satisfies SimWorkerRequest)
  return { done, cancel: () => settle({ kind: 'cancelled' }) }
}
