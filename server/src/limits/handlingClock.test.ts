import { describe, expect, it } from 'vitest'
import { HandlingClock } from './handlingClock.ts'

/** Busy-waits `ms` of wall time (the CPU clock of the tests is their own). */
function spin(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) {}
}

describe('HandlingClock', () => {
  it('charges a cheap message its wall time without reading the CPU clock again', () => {
    let readings = 0
    const clock = new HandlingClock(() => {
      readings++
      return 0
    })
    const charged = clock.time(() => {})
    expect(charged).toBeGreaterThanOrEqual(0)
    expect(charged).toBeLessThan(0.5)
    clock.time(() => {})
    // One reading for the turn, none per cheap message.
    expect(readings).toBe(1)
  })

  it('charges a slow message the CPU it used when the host kept it waiting', () => {
    let cpu = 100
    const clock = new HandlingClock(() => cpu)
    // 20 ms of wall time of which the thread ran 3 ms (preempted the rest).
    const charged = clock.time(() => {
      spin(20)
      cpu += 3
    })
    expect(charged).toBe(3)
  })

  it('never charges a slow message more than its wall time', () => {
    let cpu = 0
    const clock = new HandlingClock(() => cpu)
    clock.time(() => {})
    // Other work of the turn ran between the reading and this message: 50 ms of CPU.
    cpu += 50
    const charged = clock.time(() => {
      spin(5)
      cpu += 5
    })
    expect(charged).toBeGreaterThanOrEqual(5)
    expect(charged).toBeLessThan(50)
  })

  it('charges at least the CPU time a message used, on the real clock', () => {
    const clock = new HandlingClock()
    for (const ms of [0.1, 2, 20]) {
      const before = process.threadCpuUsage()
      const charged = clock.time(() => spin(ms))
      const used = process.threadCpuUsage(before)
      // Microseconds of clock reading outside the handling are all that may be missing.
      expect(charged).toBeGreaterThanOrEqual((used.user + used.system) / 1000 - 0.05)
    }
  })

  it('reads the clock afresh in the next turn', async () => {
    let readings = 0
    const clock = new HandlingClock(() => {
      readings++
      return 0
    })
    clock.time(() => {})
    await new Promise((resolve) => setImmediate(resolve))
    clock.time(() => {})
    expect(readings).toBe(2)
  })
})
