import { describe, expect, it } from 'vitest'

/** The host's timer (shared's own types leave out DOM and Node globals). */
declare const setTimeout: (callback: (value?: unknown) => void, ms: number) => unknown

import type { ScenarioInput, SimWorkerRequest, SimWorkerResponse } from './index.ts'
import { serveSimulations } from './index.ts'

/** A worker scope in this thread: what the worker posts is collected, messages are sent to it. */
function scope() {
  const posted: SimWorkerResponse[] = []
  let listener: ((event: { data: SimWorkerRequest }) => void) | null = null
  serveSimulations({ postMessage: (m) => posted.push(m), addEventListener: (_type, l) => (listener = l) })
  const send = (data: SimWorkerRequest) => listener?.({ data })
  const until = async (done: (m: SimWorkerResponse) => boolean) => {
    while (!posted.some(done)) await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return { posted, send, until }
}

const queue: ScenarioInput = {
  seconds: 20_000,
  arrivalRate: 8,
  pools: [{ kind: 'queue', id: 'q', servers: 10, meanServiceSeconds: 1, service: 'exponential' }],
}

describe('the simulation worker protocol', () => {
  it('answers a run with progress and then its result', async () => {
    const worker = scope()
    worker.send({ type: 'run', id: 'a', scenario: queue, seed: 1 })
    await worker.until((m) => m.type === 'result')
    const progress = worker.posted.filter((m) => m.type === 'progress')
    expect(progress.length).toBeGreaterThan(0)
    const last = worker.posted.at(-1)
    expect(last?.type === 'result' && last.result.pools[0]?.throughput).toBeGreaterThan(7.5)
  })

  it('stops a run it is told to cancel', async () => {
    const worker = scope()
    worker.send({
      type: 'run',
      id: 'b',
      scenario: {
        ...queue,
        seconds: 80_000,
        arrivalRate: 200,
        pools: [{ kind: 'queue', id: 'q', servers: 300, meanServiceSeconds: 1, service: 'exponential' }],
      },
      seed: 1,
    })
    await worker.until((m) => m.type === 'progress')
    worker.send({ type: 'cancel', id: 'b' })
    await worker.until((m) => m.type === 'cancelled')
    expect(worker.posted.some((m) => m.type === 'result')).toBe(false)
  })

  it('answers a bad scenario with the subject at fault', async () => {
    const worker = scope()
    worker.send({ type: 'run', id: 'c', scenario: { ...queue, seconds: -1 }, seed: 1 })
    await worker.until((m) => m.type === 'error')
    expect(worker.posted.at(-1)).toEqual({
      type: 'error',
      id: 'c',
      subject: 'seconds',
      message: 'seconds: seconds must be above 0',
    })
  })
})
