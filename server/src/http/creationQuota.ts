import type { FastifyReply, FastifyRequest } from 'fastify'
import { TokenBucket } from '../limits/tokenBucket.ts'

/** Addresses remembered at most; the least recently seen is forgotten first (its bucket was full again long ago). */
const MAX_ADDRESSES = 10_000

/**
 * How many things (sessions, scratch boards, template and archive imports) one IP address may
 * create: `perHour`, with a burst of as many, all kinds together. A token bucket per address.
 */
export class CreationQuota {
  readonly #perHour: number
  readonly #now: (() => number) | undefined
  /** Buckets by address, least recently used first. */
  readonly #buckets = new Map<string, TokenBucket>()

  constructor(perHour: number, now?: () => number) {
    this.#perHour = perHour
    this.#now = now
  }

  /** What a refused creation is told. */
  get refusal(): string {
    return `Too many new sessions, boards and imports from your address: this server allows ${this.#perHour} an hour. Try again later.`
  }

  /** Takes one creation from `address`'s allowance; false when it has none left. */
  take(address: string): boolean {
    const bucket =
      this.#buckets.get(address) ?? new TokenBucket(this.#perHour / 3600, this.#perHour, this.#now)
    this.#buckets.delete(address)
    this.#buckets.set(address, bucket)
    if (this.#buckets.size > MAX_ADDRESSES) this.#buckets.delete(this.#buckets.keys().next().value as string)
    return bucket.take()
  }

  /**
   * A Fastify `onRequest` hook that refuses, with 429 and before the body is read, a creation
   * over the caller's allowance.
   */
  hook(): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
    return async (request, reply) => {
      if (this.take(request.ip)) return
      request.log.warn({ reason: 'creation quota', remote: request.ip }, 'refused creation')
      await reply
        .code(429)
        .header('retry-after', String(Math.ceil(3600 / this.#perHour)))
        .send({ error: this.refusal })
    }
  }
}
