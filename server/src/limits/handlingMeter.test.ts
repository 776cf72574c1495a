import { describe, expect, it } from 'vitest'
import { CHEAP_MS, HandlingMeter } from './handlingMeter.ts'

/** The process's CPU time in microseconds. */
const cpuUs = () => {
  const used = process.cpuUsage()
  return used.user + used.system
}

/** The event loop thread's CPU time in milliseconds (this clock moves in scheduler ticks, 4 ms here). */
const threadCpuMs = () => {
  const used = process.threadCpuUsage()
  return (used.user + used.system) / 1000
}

/**
 * A message whose handling burns `us` microseconds of CPU by the process clock, which counts
 * µs but also counts the process's other threads (the collector's helpers): it may run ahead of
 * the event loop's own time, which is what the meter bounds.
 */
const burn = (us: number) => () => {
  const until = cpuUs() + us
  while (cpuUs() < until) {}
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('HandlingMeter', () => {
  it('never charges less than the CPU the messages burned, cheap or costly, in one turn or across turns', async () => {
    const meter = new HandlingMeter()
    // Cheap drawing-sized messages, messages around the cheap bound, and costly ones (the
    // mix a meter against the stepped thread clock undercharged by half), several to a turn.
    const costs = [50, 200, 800, 1500, 2000, 5000, 100, 2000, 2000, 300, ...Array(20).fill(2000)]
    let burned = 0
    let charged = 0
    const threadBefore = threadCpuMs()
    for (let turn = 0; turn < 5; turn++) {
      for (const us of costs) {
        charged += meter.measure(burn(us))
        burned += us / 1000
      }
      await nextTurn()
    }
    const threadUsed = threadCpuMs() - threadBefore
    // The thread's own CPU over the whole run (the loop around the messages included), less
    // the thread clock's two ticks of uncertainty.
    expect(charged).toBeGreaterThanOrEqual(threadUsed - 8)
    // And close to what the process clock saw burned (which counts other threads too).
    expect(charged).toBeGreaterThanOrEqual(0.9 * burned)
  })

  it('charges wall time for a cheap message and reads the CPU clock once a turn for those', async () => {
    let wall = 0
    let cpu = 0
    let cpuReads = 0
    const meter = new HandlingMeter({
      wallMs: () => wall,
      cpuUs: () => {
        cpuReads++
        return cpu
      },
    })
    for (let i = 0; i < 10; i++) {
      expect(meter.measure(() => (wall += 0.2))).toBeCloseTo(0.2)
    }
    expect(cpuReads).toBe(1)
    await nextTurn()
    meter.measure(() => (wall += 0.1))
    expect(cpuReads).toBe(2)
  })

  it('charges a costly message no more than the CPU used since a reading before it (a busy host is not billed)', () => {
    let wall = 0
    let cpu = 0
    const meter = new HandlingMeter({ wallMs: () => wall, cpuUs: () => cpu })
    // 30 ms of wall time, of which the process ran 3 ms.
    expect(
      meter.measure(() => {
        wall += 30
        cpu += 3000
      }),
    ).toBe(3)
    // A cheap message after it, then a costly one: the CPU since the last reading covers both.
    meter.measure(() => {
      wall += CHEAP_MS / 2
      cpu += 400
    })
    expect(
      meter.measure(() => {
        wall += 20
        cpu += 2000
      }),
    ).toBe(2.4)
  })
})
