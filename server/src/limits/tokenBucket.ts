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

  /** Takes `cost` tokens (default one); false when fewer are left (the caller refuses the message). */
  take(cost = 1): boolean {
    this.#refill()
    if (this.#tokens < cost) return false
    this.#tokens -= cost
    return true
  }

  /**
   * Spends `cost` tokens whether or not they are there (for what is known only afterwards,
   * such as the time a message took): false once the bucket is overdrawn.
   */
  spend(cost: number): boolean {
    this.#refill()
    this.#tokens -= cost
    return this.#tokens >= 0
  }

  #refill(): void {
    const now = this.#now()
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#ratePerMs)
    this.#last = now
  }
}
