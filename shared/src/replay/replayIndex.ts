import * as Y from 'yjs'
import type { ReplayCheckpoint, ReplayLogEntry } from './recording.ts'

/** What a seek applies: a checkpoint (or nothing, from the empty document) and the updates after it. */
export interface SeekPlan {
  checkpoint: ReplayCheckpoint | null
  /** Log entries to apply after the checkpoint, oldest first. */
  updates: ReplayLogEntry[]
  /** How many log entries the resulting state holds (its position in the log). */
  position: number
}

/**
 * Builds the board document at any instant of a recording from its checkpoints and update
 * log: the nearest checkpoint at or before the instant, plus the updates after it. A seek
 * therefore costs one checkpoint plus at most the updates between two checkpoints, never the
 * whole history.
 *
 * Times are the server's `at` stamps. Should the server clock ever have stepped back, an
 * entry counts from the latest time seen before it, so the log stays ordered in time.
 *
 * @example
 * const index = ReplayIndex.open({ checkpoints, log })
 * const state = index.stateAt(recording.session.createdAt + 10 * 60_000) // Y update bytes
 * const doc = index.docAt(t) // or a fresh Y.Doc in that state
 */
export class ReplayIndex {
  readonly #log: readonly ReplayLogEntry[]
  /** Effective time of each log entry: the running maximum of `at`. */
  readonly #times: Float64Array
  /** Usable checkpoints, by ascending position, each with its position in the log. */
  readonly #checkpoints: ReadonlyArray<{ checkpoint: ReplayCheckpoint; position: number }>

  private constructor(log: readonly ReplayLogEntry[], checkpoints: readonly ReplayCheckpoint[]) {
    this.#log = log
    this.#times = new Float64Array(log.length)
    let latest = Number.NEGATIVE_INFINITY
    for (let i = 0; i < log.length; i++) {
      const entry = log[i] as ReplayLogEntry
      if (i > 0 && entry.seq <= (log[i - 1] as ReplayLogEntry).seq) {
        throw new Error(`the log is out of order at seq ${entry.seq}`)
      }
      latest = Math.max(latest, entry.at)
      this.#times[i] = latest
    }
    const usable: Array<{ checkpoint: ReplayCheckpoint; position: number }> = []
    for (const checkpoint of [...checkpoints].sort((a, b) => a.seq - b.seq)) {
      const position = this.#positionOfSeq(checkpoint.seq)
      // A checkpoint past the end of the log, or between two entries, is not one we can trust.
      if (position === 0 || (log[position - 1] as ReplayLogEntry).seq !== checkpoint.seq) continue
      if (usable.at(-1)?.position === position) continue
      usable.push({ checkpoint, position })
    }
    this.#checkpoints = usable
  }

  /**
   * Indexes a log (ascending seq) and its checkpoints. Cheap: nothing is decoded or applied.
   *
   * @throws Error when the log's sequence numbers are not strictly ascending.
   */
  static open(input: {
    checkpoints: readonly ReplayCheckpoint[]
    log: readonly ReplayLogEntry[]
  }): ReplayIndex {
    return new ReplayIndex(input.log, input.checkpoints)
  }

  /** Number of log entries. */
  get length(): number {
    return this.#log.length
  }

  /** Number of usable checkpoints. */
  get checkpointCount(): number {
    return this.#checkpoints.length
  }

  /** Time of the first update, or null for an empty log. */
  get firstAt(): number | null {
    return this.#log.length > 0 ? (this.#times[0] ?? null) : null
  }

  /** Time of the last update, or null for an empty log. */
  get lastAt(): number | null {
    return this.#log.length > 0 ? (this.#times[this.#log.length - 1] ?? null) : null
  }

  /** The log entry at `position` (0-based), for callers that step through the log. */
  entry(position: number): ReplayLogEntry | undefined {
    return this.#log[position]
  }

  /** The effective time of the entry at `position`. */
  timeOf(position: number): number | undefined {
    return position >= 0 && position < this.#log.length ? this.#times[position] : undefined
  }

  /** How many log entries were accepted at or before `t`. */
  positionAt(t: number): number {
    let low = 0
    let high = this.#log.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((this.#times[mid] ?? 0) <= t) low = mid + 1
      else high = mid
    }
    return low
  }

  /** The sequence number of the last entry at or before `t`, 0 when there is none. */
  seqAt(t: number): number {
    const position = this.positionAt(t)
    return position === 0 ? 0 : (this.#log[position - 1] as ReplayLogEntry).seq
  }

  /** What reaching log position `position` from scratch takes: the best checkpoint and the updates after it. */
  planTo(position: number): SeekPlan {
    const target = Math.max(0, Math.min(position, this.#log.length))
    let low = 0
    let high = this.#checkpoints.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((this.#checkpoints[mid]?.position ?? 0) <= target) low = mid + 1
      else high = mid
    }
    const best = low > 0 ? this.#checkpoints[low - 1] : undefined
    const from = best?.position ?? 0
    return { checkpoint: best?.checkpoint ?? null, updates: this.#log.slice(from, target), position: target }
  }

  /** A fresh document holding exactly the updates accepted at or before `t`. */
  docAt(t: number): Y.Doc {
    return this.docAtPosition(this.positionAt(t))
  }

  /** A fresh document holding exactly the first `position` log entries. */
  docAtPosition(position: number): Y.Doc {
    const plan = this.planTo(position)
    const doc = new Y.Doc()
    doc.transact(() => {
      if (plan.checkpoint) Y.applyUpdate(doc, plan.checkpoint.state)
      for (const entry of plan.updates) Y.applyUpdate(doc, entry.update)
    })
    return doc
  }

  /** The document at `t`, encoded as one Yjs update (`Y.encodeStateAsUpdate`). */
  stateAt(t: number): Uint8Array {
    const doc = this.docAt(t)
    try {
      return Y.encodeStateAsUpdate(doc)
    } finally {
      doc.destroy()
    }
  }

  /** Applies log entries `[from, to)` to `doc`, in one transaction. */
  applyRange(doc: Y.Doc, from: number, to: number, origin?: unknown): void {
    if (to <= from) return
    doc.transact(() => {
      for (let i = Math.max(0, from); i < Math.min(to, this.#log.length); i++) {
        Y.applyUpdate(doc, (this.#log[i] as ReplayLogEntry).update)
      }
    }, origin)
  }

  /** Number of entries with `seq <= value`. */
  #positionOfSeq(value: number): number {
    let low = 0
    let high = this.#log.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((this.#log[mid]?.seq ?? 0) <= value) low = mid + 1
      else high = mid
    }
    return low
  }
}

/**
 * A document that follows a replay's playhead: moving forward applies only the new updates;
 * moving back (or far ahead, past a checkpoint) starts a new document from the nearest
 * checkpoint. Callers re-read the document after each move (`rebuilt` says it is a new one).
 *
 * @example
 * const cursor = new ReplayCursor(index)
 * const { doc, rebuilt } = cursor.moveTo(t)
 */
export class ReplayCursor {
  readonly #index: ReplayIndex
  #doc: Y.Doc
  #position = 0

  constructor(index: ReplayIndex) {
    this.#index = index
    this.#doc = new Y.Doc()
  }

  /** The current document. */
  get doc(): Y.Doc {
    return this.#doc
  }

  /** How many log entries the current document holds. */
  get position(): number {
    return this.#position
  }

  /** Brings the document to instant `t`. */
  moveTo(t: number, origin?: unknown): { doc: Y.Doc; rebuilt: boolean } {
    return this.moveToPosition(this.#index.positionAt(t), origin)
  }

  /** Brings the document to log position `target`. */
  moveToPosition(target: number, origin?: unknown): { doc: Y.Doc; rebuilt: boolean } {
    if (target === this.#position) return { doc: this.#doc, rebuilt: false }
    const plan = this.#index.planTo(target)
    const forwardCost = target - this.#position
    if (target > this.#position && forwardCost <= plan.updates.length + 1) {
      this.#index.applyRange(this.#doc, this.#position, target, origin)
      this.#position = target
      return { doc: this.#doc, rebuilt: false }
    }
    this.#doc.destroy()
    this.#doc = this.#index.docAtPosition(target)
    this.#position = target
    return { doc: this.#doc, rebuilt: true }
  }

  /** Frees the document. */
  destroy(): void {
    this.#doc.destroy()
  }
}
