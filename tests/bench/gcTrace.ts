/**
 * Reads Node's `--trace-gc` lines: how many collections of each kind, their pauses, and the
 * bytes the program allocated between them (each collection's heap size before, less the
 * size the previous one left): an estimate of the allocation rate that needs no heap profiler.
 */

/** One `--trace-gc` line, parsed. */
interface GcEvent {
  kind: string
  beforeMb: number
  afterMb: number
  pauseMs: number
}

/** What the GC did over the traced stretch. */
export interface GcSummary {
  collections: Record<string, number>
  pauseMs: number
  allocatedBytes: number
}

// e.g. "[1:0x..]  80 ms: Scavenge 4.9 (5.7) -> 4.5 (6.7) MB, pooled: 0 MB, 1.37 / 0.00 ms ..."
const LINE =
  /\d+ ms: ([A-Za-z-]+(?: \([a-z]+\))?)[^\d]*([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB,(?: pooled: [\d.]+ MB,)? ([\d.]+) \/ ([\d.]+) ms/

/** Collects `--trace-gc` output as it comes; `take()` answers the summary since the last take. */
export class GcTrace {
  #pending = ''
  #events: GcEvent[] = []
  #lastAfterMb: number | null = null

  /** Feeds a chunk of the process's output (partial lines are kept for the next chunk). */
  add(text: string): void {
    const lines = (this.#pending + text).split('\n')
    this.#pending = lines.pop() ?? ''
    for (const line of lines) {
      const match = LINE.exec(line)
      if (!match) continue
      this.#events.push({
        kind: match[1] ?? '?',
        beforeMb: Number(match[2]),
        afterMb: Number(match[3]),
        pauseMs: Number(match[4]) + Number(match[5]),
      })
    }
  }

  /** The summary of the events since the last call; the heap size carries over. */
  take(): GcSummary {
    const summary: GcSummary = { collections: {}, pauseMs: 0, allocatedBytes: 0 }
    for (const event of this.#events.splice(0)) {
      summary.collections[event.kind] = (summary.collections[event.kind] ?? 0) + 1
      summary.pauseMs += event.pauseMs
      if (this.#lastAfterMb !== null)
        summary.allocatedBytes += Math.max(0, event.beforeMb - this.#lastAfterMb) * 1e6
      this.#lastAfterMb = event.afterMb
    }
    return summary
  }
}
