/**
 * The simulation's Web Worker: runs `simulate` off the main thread so the board stays responsive
 * while a run goes (progress, result and cancel over messages; see serveSimulations). Create it
 * with `new Worker(new URL('./simWorker.ts', import.meta.url), { type: 'module' })`.
 */
import { type SimWorkerScope, serveSimulations } from '@roofline/shared/sim'

serveSimulations(globalThis as unknown as SimWorkerScope)
