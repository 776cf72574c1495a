/** The clocks a `HandlingMeter` reads (real ones by default; tests may give their own). */
export interface HandlingClocks {
  /** Wall time in milliseconds (monotonic). */
  wallMs(): number
  /** The process's CPU time (user + system, all threads) in microseconds. */
  cpuUs(): number
}

const realClocks: HandlingClocks = {
  wallMs: () => performance.now(),
  cpuUs: () => {
    const used = process.cpuUsage()
    return used.user + used.system
  },
}

/**
 * Below this wall time a message is charged its wall time; from it on, the CPU clock is read
 * too. A drawing update takes a tenth of a millisecond; a paste or a flood's message takes
 * more, and is charged no more than the CPU the process used.
 */
export const CHEAP_MS = 1

/**
 * What handling a message cost the event loop, for the connection budgets, without two
 * `getrusage` calls a message: those were a sixth of the profiled busy time under a drawing
 * load (the process-wide call sums the run time of every thread of the process; on a busy
 * host the thread mostly waited there).
 *
 * Never less than the event loop's CPU time for the message: a message is charged either its
 * wall time (cheap messages; wall time is never less than the thread's CPU time over it) or
 * the lesser of its wall time and the process's CPU time since a reading taken before it
 * started (the first message of each turn takes one; so does every costly message). Both are
 * upper bounds, so their minimum is too; the process clock counts in microseconds, not in
 * scheduler ticks (the thread clock moves in 4 ms steps here, and an earlier meter that took
 * the minimum against it charged half of what was used).
 */
export class HandlingMeter {
  readonly #clocks: HandlingClocks
  /** The process CPU (µs) read before every message still to be measured began, or null (none this turn). */
  #cpuMark: number | null = null

  constructor(clocks: HandlingClocks = realClocks) {
    this.#clocks = clocks
  }

  /** Runs `handle` and returns the milliseconds to charge for it (see the class). */
  measure(handle: () => void): number {
    const clocks = this.#clocks
    let mark = this.#cpuMark
    if (mark === null) {
      mark = clocks.cpuUs()
      this.#cpuMark = mark
      // The check phase after this turn's I/O: the next turn reads the clock again.
      setImmediate(() => {
        this.#cpuMark = null
      })
    }
    const started = clocks.wallMs()
    handle()
    const wall = clocks.wallMs() - started
    if (wall < CHEAP_MS) return wall
    const now = clocks.cpuUs()
    const cpu = (now - mark) / 1000
    this.#cpuMark = now
    return Math.min(wall, cpu)
  }
}
