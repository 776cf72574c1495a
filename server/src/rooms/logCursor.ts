/**
 * Which entries of a room's stored log its in-memory document holds.
 *
 * With one process the document holds every entry it stored. With several processes
 * (Redis fan-out) entries stored elsewhere arrive out of order or, when a process dies
 * between storing and publishing, not at all. A snapshot may claim to cover entry S only if
 * the document holds every entry up to S, so this tracks the contiguous prefix: `contiguous`
 * is the largest S with every entry 1..S applied; entries seen above it wait in `ahead`.
 *
 * @example
 * const cursor = new LogCursor(10) // loaded entries 1..10 from storage
 * cursor.note(12) // contiguous stays 10: 11 is missing
 * cursor.note(11) // contiguous 12
 */
export class LogCursor {
  #contiguous: number
  readonly #ahead = new Set<number>()

  constructor(contiguous = 0) {
    this.#contiguous = contiguous
  }

  /** Every entry up to and including this one is in the document. */
  get contiguous(): number {
    return this.#contiguous
  }

  /** The highest entry the document holds (equal to `contiguous` when there is no gap). */
  get highest(): number {
    return this.#ahead.size === 0 ? this.#contiguous : Math.max(...this.#ahead)
  }

  /** Whether some entry below `highest` is missing from the document. */
  get hasGap(): boolean {
    return this.#ahead.size > 0
  }

  /** Records that the document now holds entry `seq`. */
  note(seq: number): void {
    if (seq <= this.#contiguous) return
    // The common case, every update in order: no set to keep.
    if (seq === this.#contiguous + 1 && this.#ahead.size === 0) {
      this.#contiguous = seq
      return
    }
    this.#ahead.add(seq)
    this.#drain()
  }

  /** Records that the document holds every entry up to `seq` (it was loaded from storage). */
  holdThrough(seq: number): void {
    this.#contiguous = Math.max(this.#contiguous, seq)
    for (const ahead of this.#ahead) if (ahead <= this.#contiguous) this.#ahead.delete(ahead)
    this.#drain()
  }

  #drain(): void {
    while (this.#ahead.delete(this.#contiguous + 1)) this.#contiguous++
  }
}
