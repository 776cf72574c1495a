import { isIPv6 } from 'node:net'
import type { TokenBucket } from './tokenBucket.ts'

/** Addresses remembered at most; the least recently seen is forgotten first (its bucket was full again long ago). */
const MAX_ADDRESSES = 10_000

/**
 * One token bucket per client address, for what all of an address's requests or connections
 * share (its creations, its board connections' server time): a client opening more
 * connections gets no more allowance. An IPv6 /64 is one address (see `allowanceKey`).
 */
export class AddressBuckets {
  readonly #make: () => TokenBucket
  /** Buckets by address, least recently used first. */
  readonly #buckets = new Map<string, TokenBucket>()

  /** @param make a full bucket for an address not seen (or forgotten) */
  constructor(make: () => TokenBucket) {
    this.#make = make
  }

  /** The bucket of `address`. */
  of(address: string): TokenBucket {
    const key = allowanceKey(address)
    const bucket = this.#buckets.get(key) ?? this.#make()
    this.#buckets.delete(key)
    this.#buckets.set(key, bucket)
    if (this.#buckets.size > MAX_ADDRESSES) this.#buckets.delete(this.#buckets.keys().next().value as string)
    return bucket
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
