import * as Y from 'yjs'
import { countAtMost } from './countAtMost.ts'
import type { ReplayCheckpoint, ReplayLogEntry } from './recording.ts'

/** A checkpoint as the index knows it: its position and time, and its state once loaded. */
export interface CheckpointRef {
  seq: number
  at: number
  /** The whole document; undefined until loaded (see {@link ReplayIndex.fromOutline}). */
  state: Uint8Array | undefined
}

/** What a seek applies: a checkpoint (or nothing, from the empty document) and the log entries after it. */
export interface SeekPlan {
  checkpoint: CheckpointRef | null
  /** Log position the checkpoint holds (0 without one): entries `[from, position)` follow it. */
  from: number
  /** How many log entries the resulting state holds (its position in the log). */
  position: number
}

/** What a move still needs loaded: a checkpoint's state, and/or the log entries `[from, to)`. */
export interface MissingData {
  checkpointSeq: number | null
  from: number
  to: number
}

/** Thrown when a document is asked for before the data it needs was loaded. */
export class ReplayDataMissingError extends Error {
  override name = 'ReplayDataMissingError'
}

/**
 * Builds the board document at any instant of a recording from its checkpoints and update
 * log: the nearest checkpoint at or before the instant, plus the updates after it. A seek
 * therefore costs one checkpoint plus at most the updates between two checkpoints, never the
 * whole history.
 *
 * An index opens either on a whole recording ({@link ReplayIndex.open}) or on its outline
 * ({@link ReplayIndex.fromOutline}: positions and times only), whose updates and checkpoint
 * states are added as they are fetched ({@link ReplayLoader} does that); asking for a document
 * whose data is not there yet throws {@link ReplayDataMissingError}.
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
  readonly #seqs: Float64Array
  /** Effective time of each log entry: the running maximum of `at`. */
  readonly #times: Float64Array
  /** Each entry, once its update is loaded. */
  readonly #entries: Array<ReplayLogEntry | undefined>
  /** Usable checkpoints, by ascending position, each with its position in the log. */
  readonly #checkpoints: ReadonlyArray<{ checkpoint: CheckpointRef; position: number }>
  readonly #checkpointBySeq: ReadonlyMap<number, CheckpointRef>

  private constructor(
    seqs: ArrayLike<number>,
    ats: ArrayLike<number>,
    checkpoints: ReadonlyArray<{ seq: number; at: number; state?: Uint8Array | undefined }>,
  ) {
    if (seqs.length !== ats.length) throw new Error('the log has as many times as sequence numbers')
    this.#seqs = Float64Array.from(seqs)
    this.#times = new Float64Array(seqs.length)
    this.#entries = new Array(seqs.length)
    let latest = Number.NEGATIVE_INFINITY
    for (let i = 0; i < seqs.length; i++) {
      if (i > 0 && (this.#seqs[i] as number) <= (this.#seqs[i - 1] as number)) {
        throw new Error(`the log is out of order at seq ${this.#seqs[i]}`)
      }
      latest = Math.max(latest, ats[i] as number)
      this.#times[i] = latest
    }
    const usable: Array<{ checkpoint: CheckpointRef; position: number }> = []
    for (const { seq, at, state } of [...checkpoints].sort((a, b) => a.seq - b.seq)) {
      const position = this.#positionOfSeq(seq)
      // A checkpoint past the end of the log, or between two entries, is not one we can trust.
      if (position === 0 || this.#seqs[position - 1] !== seq) continue
      if (usable.at(-1)?.position === position) continue
      usable.push({ checkpoint: { seq, at, state }, position })
    }
    this.#checkpoints = usable
    this.#checkpointBySeq = new Map(usable.map(({ checkpoint }) => [checkpoint.seq, checkpoint]))
  }

  /**
   * Indexes a whole log (ascending seq) and its checkpoints. Cheap: nothing is decoded or applied.
   *
   * @throws Error when the log's sequence numbers are not strictly ascending.
   */
  static open(input: {
    checkpoints: readonly ReplayCheckpoint[]
    log: readonly ReplayLogEntry[]
  }): ReplayIndex {
    const index = new ReplayIndex(
      input.log.map((e) => e.seq),
      input.log.map((e) => e.at),
      input.checkpoints,
    )
    input.log.forEach((entry, position) => {
      index.#entries[position] = entry
    })
    return index
  }

  /**
   * Indexes a recording's outline: the position and time of every log entry and checkpoint,
   * without their bytes. Add them with {@link addEntries} and {@link addCheckpointState}.
   *
   * @example const index = ReplayIndex.fromOutline(outline) // outline from GET .../recording/outline
   */
  static fromOutline(outline: {
    log: { seq: readonly number[]; at: readonly number[] }
    checkpoints: ReadonlyArray<{ seq: number; at: number }>
  }): ReplayIndex {
    return new ReplayIndex(outline.log.seq, outline.log.at, outline.checkpoints)
  }

  /** Number of log entries. */
  get length(): number {
    return this.#seqs.length
  }

  /** Number of usable checkpoints. */
  get checkpointCount(): number {
    return this.#checkpoints.length
  }

  /** The log position of each usable checkpoint, ascending. */
  get checkpointPositions(): number[] {
    return this.#checkpoints.map(({ position }) => position)
  }

  /** Time of the first update, or null for an empty log. */
  get firstAt(): number | null {
    return this.#seqs.length > 0 ? (this.#times[0] ?? null) : null
  }

  /** Time of the last update, or null for an empty log. */
  get lastAt(): number | null {
    return this.#seqs.length > 0 ? (this.#times[this.#seqs.length - 1] ?? null) : null
  }

  /** The log entry at `position` (0-based), once loaded. */
  entry(position: number): ReplayLogEntry | undefined {
    return this.#entries[position]
  }

  /** The sequence number of the entry at `position`. */
  seqOf(position: number): number | undefined {
    return position >= 0 && position < this.#seqs.length ? this.#seqs[position] : undefined
  }

  /** The effective time of the entry at `position`. */
  timeOf(position: number): number | undefined {
    return position >= 0 && position < this.#seqs.length ? this.#times[position] : undefined
  }

  /** How many log entries were accepted at or before `t`. */
  positionAt(t: number): number {
    return countAtMost(this.#seqs.length, (i) => this.#times[i] ?? 0, t)
  }

  /** The sequence number of the last entry at or before `t`, 0 when there is none. */
  seqAt(t: number): number {
    const position = this.positionAt(t)
    return position === 0 ? 0 : (this.#seqs[position - 1] as number)
  }

  /** What reaching log position `position` from scratch takes: the best checkpoint and the entries after it. */
  planTo(position: number): SeekPlan {
    const target = Math.max(0, Math.min(position, this.#seqs.length))
    const low = countAtMost(this.#checkpoints.length, (i) => this.#checkpoints[i]?.position ?? 0, target)
    const best = low > 0 ? this.#checkpoints[low - 1] : undefined
    return { checkpoint: best?.checkpoint ?? null, from: best?.position ?? 0, position: target }
  }

  /** Adds loaded log entries (from a page of the log); entries the outline does not know are ignored. */
  addEntries(entries: readonly ReplayLogEntry[]): void {
    for (const entry of entries) {
      const position = this.#positionOfSeq(entry.seq) - 1
      if (position >= 0 && this.#seqs[position] === entry.seq) this.#entries[position] = entry
    }
  }

  /** Adds the loaded state of the checkpoint at `seq`. */
  addCheckpointState(seq: number, state: Uint8Array): void {
    const checkpoint = this.#checkpointBySeq.get(seq)
    if (checkpoint) checkpoint.state = state
  }

  /** The first position in `[from, to)` whose update is not loaded, or -1. */
  firstMissing(from: number, to: number): number {
    for (let i = Math.max(0, from); i < Math.min(to, this.#seqs.length); i++) {
      if (this.#entries[i] === undefined) return i
    }
    return -1
  }

  /** What carrying out `plan` still needs loaded, or null when everything is there. */
  missingFor(plan: SeekPlan): MissingData | null {
    return this.#missing(plan.checkpoint, plan.from, plan.position)
  }

  /** A fresh document holding exactly the updates accepted at or before `t`. */
  docAt(t: number): Y.Doc {
    return this.docAtPosition(this.positionAt(t))
  }

  /**
   * A fresh document holding exactly the first `position` log entries.
   *
   * @throws ReplayDataMissingError when a checkpoint or update it needs is not loaded.
   */
  docAtPosition(position: number): Y.Doc {
    const plan = this.planTo(position)
    if (plan.checkpoint && !plan.checkpoint.state) {
      throw new ReplayDataMissingError(`checkpoint ${plan.checkpoint.seq} is not loaded`)
    }
    const doc = new Y.Doc()
    doc.transact(() => {
      if (plan.checkpoint?.state) Y.applyUpdate(doc, plan.checkpoint.state)
    })
    try {
      this.applyRange(doc, plan.from, plan.position)
    } catch (error) {
      doc.destroy()
      throw error
    }
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

  /**
   * Applies log entries `[from, to)` to `doc`, in one transaction.
   *
   * @throws ReplayDataMissingError (before applying anything) when one of them is not loaded.
   */
  applyRange(doc: Y.Doc, from: number, to: number, origin?: unknown): void {
    if (to <= from) return
    const missing = this.firstMissing(from, to)
    if (missing >= 0) throw new ReplayDataMissingError(`log entry ${this.#seqs[missing]} is not loaded`)
    doc.transact(() => {
      for (let i = Math.max(0, from); i < Math.min(to, this.#seqs.length); i++) {
        Y.applyUpdate(doc, (this.#entries[i] as ReplayLogEntry).update)
      }
    }, origin)
  }

  #missing(checkpoint: CheckpointRef | null, from: number, to: number): MissingData | null {
    const checkpointSeq = checkpoint && !checkpoint.state ? checkpoint.seq : null
    const first = this.firstMissing(from, to)
    if (checkpointSeq === null && first < 0) return null
    let last = to
    while (first >= 0 && last > first && this.#entries[last - 1] !== undefined) last--
    return first < 0 ? { checkpointSeq, from: to, to } : { checkpointSeq, from: first, to: last }
  }

  /** Number of entries with `seq <= value`. */
  #positionOfSeq(value: number): number {
    return countAtMost(this.#seqs.length, (i) => this.#seqs[i] ?? 0, value)
  }
}

/** What decoding a checkpoint costs by default, counted in small updates applied (see `ReplayCursor`). */
const CHECKPOINT_COST_IN_UPDATES = 1000

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
  readonly #checkpointCost: number
  #doc: Y.Doc
  #position = 0

  /**
   * @param options.checkpointCost what decoding a checkpoint costs, in small updates applied
   *   (default 1000): a move forward by up to that many more updates than a rebuild would
   *   apply stays on the current document. 0 rebuilds whenever that applies fewer updates.
   */
  constructor(index: ReplayIndex, options: { checkpointCost?: number } = {}) {
    this.#index = index
    this.#checkpointCost = options.checkpointCost ?? CHECKPOINT_COST_IN_UPDATES
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

  /**
   * Brings the document to log position `target`.
   *
   * @throws ReplayDataMissingError when the data the move needs is not loaded (see {@link needs}).
   */
  moveToPosition(target: number, origin?: unknown): { doc: Y.Doc; rebuilt: boolean } {
    if (target === this.#position) return { doc: this.#doc, rebuilt: false }
    const plan = this.#pathTo(target)
    if (plan === 'forward') {
      this.#index.applyRange(this.#doc, this.#position, target, origin)
      this.#position = target
      return { doc: this.#doc, rebuilt: false }
    }
    const doc = this.#index.docAtPosition(target)
    this.#doc.destroy()
    this.#doc = doc
    this.#position = target
    return { doc: this.#doc, rebuilt: true }
  }

  /** What moving to log position `target` still needs loaded, or null when it can move now. */
  needs(target: number): MissingData | null {
    if (target === this.#position) return null
    const plan = this.#pathTo(target)
    if (plan === 'forward')
      return this.#index.missingFor({ checkpoint: null, from: this.#position, position: target })
    return this.#index.missingFor(plan)
  }

  /**
   * Forward from here unless a fresh start from a checkpoint is cheaper. Decoding a
   * checkpoint costs about as much as applying a thousand small updates on a large board
   * (measured: ~70 ms for a 5,000-shape state against ~20 µs an update), so a move forward
   * by up to that many more updates than the rebuild would apply stays on this document.
   */
  #pathTo(target: number): 'forward' | SeekPlan {
    const plan = this.#index.planTo(target)
    const forwardCost = target - this.#position
    const rebuildCost = plan.position - plan.from + (plan.checkpoint ? this.#checkpointCost : 0)
    if (target > this.#position && forwardCost <= rebuildCost + 1) return 'forward'
    return plan
  }

  /** Frees the document. */
  destroy(): void {
    this.#doc.destroy()
  }
}
