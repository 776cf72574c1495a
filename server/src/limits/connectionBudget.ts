import { AddressBuckets } from './addressBuckets.ts'
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
  /** The same, for all the connections from one address together (see `addressCpuBuckets`). */
  cpuMsPerSecondPerAddress: number
}

/**
 * The server time all the board connections of each address share, so that a client opening
 * sixteen connections gets no more than it would get with one or two (sixteen connections
 * each within its own budget stalled the server 1.3 s).
 */
export function addressCpuBuckets(limits: BudgetLimits): AddressBuckets {
  const rate = limits.cpuMsPerSecondPerAddress
  return new AddressBuckets(() => new TokenBucket(rate, Math.max(rate, CPU_BURST_MS)))
}

/**
 * The server time one connection may take at once: a large paste applies in tens of
 * milliseconds; half a second of messages back to back is a flood.
 */
const CPU_BURST_MS = 500

const ADDRESS_EXCEEDED = 'server time limit of its address exceeded (its connections together)'

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
  readonly #addressCpuMs: TokenBucket | undefined

  /** @param addressCpuMs the server time the connection's address has (shared with its other connections) */
  constructor(limits: BudgetLimits, now?: () => number, addressCpuMs?: TokenBucket) {
    this.#addressCpuMs = addressCpuMs
    this.#messages = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond, now)
    const byteBurst = Math.max(limits.bytesPerSecond, limits.maxMessageBytes)
    this.#bytes = new TokenBucket(limits.bytesPerSecond, byteBurst, now)
    this.#cpuMs = new TokenBucket(limits.cpuMsPerSecond, Math.max(limits.cpuMsPerSecond, CPU_BURST_MS), now)
  }

  /** Why a message of `bytes` may not be handled now, or null when it may. */
  admit(bytes: number): string | null {
    if (!this.#messages.take()) return 'message rate limit exceeded'
    if (!this.#bytes.take(bytes)) return 'byte rate limit exceeded'
    // An overdrawn address: its other connections used its time; a new connection gets none.
    if (this.#addressCpuMs && !this.#addressCpuMs.take(0)) return ADDRESS_EXCEEDED
    return null
  }

  /**
   * Why a message that waited may not be handled now, or null: its address's other
   * connections used up the time meanwhile. Messages of many connections can arrive in one
   * turn of the event loop and each be admitted; checked again when each runs, they stop at
   * the address's share instead of all running back to back.
   */
  beforeHandling(): string | null {
    return this.#addressCpuMs && !this.#addressCpuMs.take(0) ? ADDRESS_EXCEEDED : null
  }

  /** Charges `ms` of handling; why the connection has used up its time, or null. */
  charge(ms: number): string | null {
    const own = this.#cpuMs.spend(ms)
    const address = this.#addressCpuMs?.spend(ms) ?? true
    if (!own) return `server time limit exceeded (${Math.round(ms)} ms for its last message)`
    return address ? null : ADDRESS_EXCEEDED
  }
}
