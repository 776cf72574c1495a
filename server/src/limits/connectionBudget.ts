import { TokenBucket } from './tokenBucket.ts'

/** What one board connection may use, each a rate with a burst. */
export interface BudgetLimits {
  /** Messages a second (burst: one second's worth). */
  messagesPerSecond: number
  /** Bytes a second (burst: one second's worth, and at least one message of the largest size). */
  bytesPerSecond: number
  /** The largest message accepted, in bytes: one must always fit the byte burst. */
  maxMessageBytes: number
  /** Milliseconds of the server's CPU time spent on its messages a second (burst: at least half a second). */
  cpuMsPerSecond: number
}

/**
 * The server time one connection may take at once: a large paste applies in tens of
 * milliseconds; half a second of messages back to back is a flood.
 */
const CPU_BURST_MS = 500

/**
 * One connection's budgets: messages, bytes and the server's time per second. Handling a
 * message cannot be interrupted, so its time is charged after it ran: a connection whose
 * messages keep the server busy past its share is closed, and the others get the event loop
 * back. One budget per connection, so one client never spends another's allowance.
 */
export class ConnectionBudget {
  readonly #messages: TokenBucket
  readonly #bytes: TokenBucket
  readonly #cpuMs: TokenBucket

  constructor(limits: BudgetLimits, now?: () => number) {
    this.#messages = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond, now)
    const byteBurst = Math.max(limits.bytesPerSecond, limits.maxMessageBytes)
    this.#bytes = new TokenBucket(limits.bytesPerSecond, byteBurst, now)
    this.#cpuMs = new TokenBucket(limits.cpuMsPerSecond, Math.max(limits.cpuMsPerSecond, CPU_BURST_MS), now)
  }

  /** Why a message of `bytes` may not be handled now, or null when it may. */
  admit(bytes: number): string | null {
    if (!this.#messages.take()) return 'message rate limit exceeded'
    if (!this.#bytes.take(bytes)) return 'byte rate limit exceeded'
    return null
  }

  /** Charges `ms` of handling; why the connection has used up its time, or null. */
  charge(ms: number): string | null {
    return this.#cpuMs.spend(ms)
      ? null
      : `server time limit exceeded (${Math.round(ms)} ms for its last message)`
  }
}
