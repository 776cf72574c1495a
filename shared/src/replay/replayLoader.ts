import { countAtMost } from './countAtMost.ts'
import type { ReplayLogEntry } from './recording.ts'
import type { ReplayCursor, ReplayIndex } from './replayIndex.ts'

/**
 * Where a replay's bytes come from. The client implements it over HTTP
 * (`GET /api/sessions/:id/recording/log` and `.../recording/checkpoints/:seq`); tests and the
 * benchmark can implement it over anything.
 */
export interface RecordingSource {
  /** Log entries with `seq > afterSeq`, oldest first, at most `limit`. */
  logPage(afterSeq: number, limit: number): Promise<ReplayLogEntry[]>
  /** The state of the checkpoint stored at exactly `seq`. */
  checkpoint(seq: number): Promise<Uint8Array>
}

/**
 * Fetches what a replay needs, when it needs it: the checkpoint a seek starts from and the
 * log entries from there to the target, each page at most once (requests in flight are
 * shared), so opening a replay costs its outline plus one checkpoint, and a seek one
 * checkpoint plus one page, whatever the length of the session.
 *
 * Pages run from one checkpoint to the next (split into pieces of at most `pageSize` entries
 * when checkpoints are far apart): a seek needs the entries after its checkpoint, so it
 * fetches exactly one page, never the neighbouring checkpoint's entries as well. Page
 * boundaries are fixed by the outline, so the same entries are never fetched under two pages.
 *
 * @example
 * const index = ReplayIndex.fromOutline(outline)
 * const cursor = new ReplayCursor(index)
 * const loader = new ReplayLoader(index, source)
 * await loader.prepare(cursor, index.positionAt(t))
 * cursor.moveTo(t)
 */
export class ReplayLoader {
  readonly #index: ReplayIndex
  readonly #source: RecordingSource
  /** Where each page starts, ascending; the last page ends at the end of the log. */
  readonly #pageStarts: number[]
  readonly #pages = new Map<number, Promise<void>>()
  readonly #checkpoints = new Map<number, Promise<void>>()

  constructor(index: ReplayIndex, source: RecordingSource, options: { pageSize?: number } = {}) {
    this.#index = index
    this.#source = source
    this.#pageStarts = pageStarts(index.length, index.checkpointPositions, options.pageSize ?? 1000)
  }

  /** Loads everything `cursor` needs to move to log position `target` (until it needs nothing more). */
  async prepare(cursor: ReplayCursor, target: number): Promise<void> {
    let before = ''
    for (let missing = cursor.needs(target); missing; missing = cursor.needs(target)) {
      // The cursor may have moved meanwhile (another seek won): then the needs differ, and are loaded too.
      const now = JSON.stringify(missing)
      if (now === before)
        throw new Error('the server sent a page of the recording that does not fit its outline')
      before = now
      const loads: Array<Promise<void>> = []
      if (missing.checkpointSeq !== null) loads.push(this.#loadCheckpoint(missing.checkpointSeq))
      if (missing.to > missing.from) loads.push(this.loadRange(missing.from, missing.to))
      await Promise.all(loads)
    }
  }

  /** Loads the log entries at positions `[from, to)`, by whole pages. */
  async loadRange(from: number, to: number): Promise<void> {
    const pages: Array<Promise<void>> = []
    const end = Math.min(to, this.#index.length)
    const starts = this.#pageStarts
    // The page holding `from`: the last one starting at or before it.
    const first = countAtMost(starts.length, (i) => starts[i] ?? 0, Math.max(0, from)) - 1
    for (let page = Math.max(0, first); (starts[page] ?? end) < end; page++) {
      pages.push(this.#loadPage(page))
    }
    await Promise.all(pages)
  }

  #loadPage(page: number): Promise<void> {
    const known = this.#pages.get(page)
    if (known) return known
    const first = this.#pageStarts[page] ?? 0
    const next = this.#pageStarts[page + 1] ?? this.#index.length
    const afterSeq = first === 0 ? 0 : (this.#index.seqOf(first - 1) ?? 0)
    const loading = this.#source.logPage(afterSeq, next - first).then(
      (entries) => {
        if (entries.length === 0) throw new Error('the server sent an empty page of the recording')
        this.#index.addEntries(entries)
      },
      (error: unknown) => {
        // A failed page may be asked for again later (say, once the network is back).
        this.#pages.delete(page)
        throw error
      },
    )
    this.#pages.set(page, loading)
    return loading
  }

  #loadCheckpoint(seq: number): Promise<void> {
    const known = this.#checkpoints.get(seq)
    if (known) return known
    const loading = this.#source.checkpoint(seq).then(
      (state) => this.#index.addCheckpointState(seq, state),
      (error: unknown) => {
        this.#checkpoints.delete(seq)
        throw error
      },
    )
    this.#checkpoints.set(seq, loading)
    return loading
  }
}

/**
 * Page boundaries for a log of `length` entries: every checkpoint position starts a page, and a
 * stretch longer than `pageSize` between two of them is cut into pieces of `pageSize`.
 */
export function pageStarts(
  length: number,
  checkpointPositions: readonly number[],
  pageSize: number,
): number[] {
  const starts: number[] = []
  const bounds = [0, ...checkpointPositions.filter((p) => p > 0 && p < length), length]
  for (let i = 0; i < bounds.length - 1; i++) {
    const from = bounds[i] ?? 0
    const to = bounds[i + 1] ?? length
    for (let start = from; start < to; start += pageSize) starts.push(start)
  }
  return starts
}
