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
 * log pages up to the target, each page at most once (requests in flight are shared), so
 * opening a replay costs its outline plus one checkpoint, and a seek one checkpoint plus at
 * most a page or two, whatever the length of the session. Pages are aligned on multiples of
 * `pageSize` positions, so the same page is never fetched twice under two shapes.
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
  readonly #pageSize: number
  readonly #pages = new Map<number, Promise<void>>()
  readonly #checkpoints = new Map<number, Promise<void>>()

  constructor(index: ReplayIndex, source: RecordingSource, options: { pageSize?: number } = {}) {
    this.#index = index
    this.#source = source
    this.#pageSize = options.pageSize ?? 1000
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
    for (let page = Math.floor(Math.max(0, from) / this.#pageSize); page * this.#pageSize < end; page++) {
      pages.push(this.#loadPage(page))
    }
    await Promise.all(pages)
  }

  #loadPage(page: number): Promise<void> {
    const known = this.#pages.get(page)
    if (known) return known
    const first = page * this.#pageSize
    const afterSeq = first === 0 ? 0 : (this.#index.seqOf(first - 1) ?? 0)
    const loading = this.#source.logPage(afterSeq, this.#pageSize).then(
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
