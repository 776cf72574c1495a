import { isIPv6 } from 'node:net'
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
    const key = allowanceKey(address)
    const bucket = this.#buckets.get(key) ?? new TokenBucket(this.#perHour / 3600, this.#perHour, this.#now)
    this.#buckets.delete(key)
    this.#buckets.set(key, bucket)
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

/**
 * What an allowance is counted by: an IPv4 address (also when it comes IPv4-mapped, as a
 * dual-stack listener reports it), or the /64 network of an IPv6 address. One subscriber is
 * given a whole /64 and can send from any of its 2^64 addresses: counted by address, it
 * would have as many allowances.
 */
export function allowanceKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  if (mapped?.[1]) return mapped[1]
  const bare = address.replace(/%.*$/, '') // a zone id ("%eth0") names a local interface
  if (!isIPv6(bare)) return address
  const groups = (part: string | undefined) =>
    // A dotted IPv4 tail is the last two groups (past the first 64 bits: its value does not count).
    part ? part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])) : []
  const [head, tail] = bare.split('::')
  const before = groups(head)
  const after = groups(tail)
  const full = [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after]
  return `${full
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`
}
