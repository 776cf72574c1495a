/**
 * Runs one connection's messages in the order they came, but gives the event loop back once a
 * turn has spent `sliceMs` on them: a client whose messages are costly to apply (each within
 * its budget) then waits its turn behind the other clients' messages and HTTP requests instead
 * of holding every room until its backlog is done. A cheap message that finds the queue empty
 * runs at once, in the same turn it arrived: the usual path costs nothing.
 *
 * @example const queue = new TurnQueue((bytes) => lifecycle.receive(room, connection, bytes)); queue.push(bytes)
 */
export class TurnQueue<T> {
  readonly #handle: (item: T) => void
  readonly #sliceMs: number
  readonly #items: T[] = []
  /** When this turn's handling began (messages of one read arrive in one turn), or -1. */
  #turnStarted = -1
  #scheduled = false
  #closed = false

  constructor(handle: (item: T) => void, sliceMs = 20) {
    this.#handle = handle
    this.#sliceMs = sliceMs
  }

  /** Items waiting for a later turn. */
  get waiting(): number {
    return this.#items.length
  }

  /** Queues `item`; runs it now when nothing waits and this turn has time left. */
  push(item: T): void {
    if (this.#closed) return
    this.#items.push(item)
    if (!this.#scheduled) this.#drain()
  }

  /** Drops what is waiting; nothing more runs (the connection is closing). */
  close(): void {
    this.#closed = true
    this.#items.length = 0
  }

  #drain(): void {
    this.#scheduled = false
    while (this.#items.length > 0 && !this.#closed) {
      const now = performance.now()
      if (this.#turnStarted < 0) {
        this.#turnStarted = now
        // The check phase after this turn's I/O: the next message starts a new slice.
        setImmediate(() => {
          if (!this.#scheduled) this.#turnStarted = -1
        })
      } else if (now - this.#turnStarted >= this.#sliceMs) {
        this.#scheduled = true
        setImmediate(() => {
          this.#turnStarted = -1
          this.#drain()
        })
        return
      }
      this.#handle(this.#items.shift() as T)
    }
  }
}
