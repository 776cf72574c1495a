/**
 * A token bucket: `ratePerSecond` tokens flow in continuously, up to `capacity`; each
 * message takes one. A client may burst up to `capacity` messages, then sustain the rate.
 * One bucket per connection, so one noisy client never spends another's allowance.
 */
export class TokenBucket {
  readonly #ratePerMs: number
  readonly #capacity: number
  readonly #now: () => number
  #tokens: number
  #last: number

  /**
   * @param ratePerSecond tokens added per second
   * @param capacity the most tokens held (the largest burst); defaults to one second's worth
   * @param now a millisecond clock (injectable for tests)
   */
  constructor(ratePerSecond: number, capacity = ratePerSecond, now: () => number = () => performance.now()) {
    this.#ratePerMs = ratePerSecond / 1000
    this.#capacity = capacity
    this.#now = now
    this.#tokens = capacity
    this.#last = now()
  }

  /** Takes one token; false when the bucket is empty (the caller refuses the message). */
  take(): boolean {
    const now = this.#now()
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#ratePerMs)
    this.#last = now
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }
}
