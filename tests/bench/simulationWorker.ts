import { parentPort } from 'node:worker_threads'
import { simulate } from '@roofline/shared/sim'
import { tenThousandQps } from './simulationScenario.ts'

/**
 * Runs the speed scenario once in this worker thread, as the board's Web Worker would, and
 * answers with its wall and CPU time (this thread's own) and what the run produced.
 */
const port = parentPort
if (!port) throw new Error('run me as a worker thread')
const startCpu = process.threadCpuUsage()
const started = performance.now()
let progressReports = 0
const result = await simulate(tenThousandQps, { seed: 1, onProgress: () => progressReports++ })
const wallMs = performance.now() - started
const cpu = process.threadCpuUsage(startCpu)
port.postMessage({
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  progressReports,
  requests: result.requests.arrived,
  completed: result.requests.completed,
  decodeReplicas: result.pools.find((p) => p.kind === 'decode')?.replicas ?? 0,
  brokeFirst: result.brokeFirst.line,
})
