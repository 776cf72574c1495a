/**
 * Below this wall time a message is charged its wall time: reading the thread's CPU clock is
 * a system call (twice per message it was a sixth of the server's busy time under a drawing
 * load), and a message this short cannot be overcharged by much even if the host preempted us.
 */
const CHEAP_MS = 0.5

/** The main thread's CPU time so far, in milliseconds. */
function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage()
  return (user + system) / 1000
}

/**
 * Times the handling of messages for the connection budgets: what a message is charged is at
 * least the server time it took and at most its wall time, so a busy host never makes a
 * connection pay for the time it waited to run. The thread's CPU clock is read once per turn
 * of the event loop (before its first message) and after any message that took `CHEAP_MS` or
 * more; such a message is charged the lesser of its wall time and the CPU used since the last
 * reading (which began before it started), the others their wall time.
 *
 * @example const ms = clock.time(() => lifecycle.receive(room, connection, bytes))
 */
export class HandlingClock {
  readonly #cpuMs: () => number
  /** The thread's CPU time at the last reading in this turn, or -1 before the first. */
  #lastCpuMs = -1

  /** @param cpuMs the CPU clock (tests pass their own) */
  constructor(cpuMs: () => number = threadCpuMs) {
    this.#cpuMs = cpuMs
  }

  /** Runs `handle` and returns the milliseconds to charge for it. */
  time(handle: () => void): number {
    if (this.#lastCpuMs < 0) {
      this.#lastCpuMs = this.#cpuMs()
      // The check phase after this turn's I/O: the next turn reads the clock afresh.
      setImmediate(() => {
        this.#lastCpuMs = -1
      })
    }
    const started = performance.now()
    handle()
    const wallMs = performance.now() - started
    if (wallMs < CHEAP_MS) return wallMs
    const cpuMs = this.#cpuMs()
    const sinceReading = cpuMs - this.#lastCpuMs
    this.#lastCpuMs = cpuMs
    return Math.min(wallMs, sinceReading)
  }
}
