import type { FastifyReply, FastifyRequest } from 'fastify'
import { AddressBuckets } from '../limits/addressBuckets.ts'
import { TokenBucket } from '../limits/tokenBucket.ts'

/**
 * How many things (sessions, scratch boards, template and archive imports) one IP address may
 * create: `perHour`, with a burst of as many, all kinds together. A token bucket per address.
 */
export class CreationQuota {
  readonly #perHour: number
  readonly #buckets: AddressBuckets

  constructor(perHour: number, now?: () => number) {
    this.#perHour = perHour
    this.#buckets = new AddressBuckets(() => new TokenBucket(perHour / 3600, perHour, now))
  }

  /** What a refused creation is told. */
  get refusal(): string {
    return `Too many new sessions, boards and imports from your address: this server allows ${this.#perHour} an hour. Try again later.`
  }

  /** Takes one creation from `address`'s allowance; false when it has none left. */
  take(address: string): boolean {
    return this.#buckets.of(address).take()
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
