import { once } from 'node:events'
import { Worker } from 'node:worker_threads'

/**
 * Keeps SQLite's write-ahead log short from a worker thread. By default the connection that
 * commits past 1,000 log pages copies them into the database itself, inside that commit: under
 * a 200-room drawing load that was a pause of several milliseconds every second or so on the
 * thread that relays updates, which is what a p99 latency sees. The server's connection
 * checkpoints only as a fallback (see `SqliteStorage`), and this worker does it in between.
 */
export class WalCheckpointer {
  readonly #worker: Worker

  private constructor(worker: Worker) {
    this.#worker = worker
  }

  /** Starts checkpointing `file` every `intervalMs`. */
  static start(file: string, intervalMs: number): WalCheckpointer {
    const worker = new Worker(new URL('./walCheckpointWorker.js', import.meta.url), {
      workerData: { file, intervalMs },
    })
    // It must never keep the process alive, nor take it down.
    worker.unref()
    worker.on('error', () => {})
    return new WalCheckpointer(worker)
  }

  /** Stops the worker once its connection is closed (it finishes a checkpoint in progress first). */
  async stop(): Promise<void> {
    if (this.#worker.threadId === -1) return
    const exited = once(this.#worker, 'exit')
    // Held again while it stops: an unreferenced worker's exit would not keep the process
    // alive, and a shutdown waiting for it would end before the database is closed.
    this.#worker.ref()
    this.#worker.postMessage('stop')
    await exited
  }
}
