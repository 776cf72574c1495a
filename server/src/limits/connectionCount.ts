import type { IncomingMessage } from 'node:http'
import proxyAddr from '@fastify/proxy-addr'
import { allowanceKey } from './addressBuckets.ts'

/**
 * Open connections (board WebSockets and control sockets together) per client address, so one
 * client cannot hold the server's file descriptors: past `max`, a new one is refused until one
 * of its others closes. An IPv6 /64 counts as one address, as for the allowances.
 */
export class ConnectionCount {
  readonly #max: number
  readonly #open = new Map<string, number>()

  constructor(max: number) {
    this.#max = max
  }

  /** Counts a connection from `address` and answers how to release it, or null when it has too many. */
  open(address: string): (() => void) | null {
    const key = allowanceKey(address)
    const open = this.#open.get(key) ?? 0
    if (open >= this.#max) return null
    this.#open.set(key, open + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.#open.get(key) ?? 1) - 1
      if (left > 0) this.#open.set(key, left)
      else this.#open.delete(key)
    }
  }

  /** What a refused connection is told. */
  get refusal(): string {
    return `Too many open connections from your address: this server allows ${this.#max}. Close some tabs and try again.`
  }
}

/**
 * The client address of a raw request (socket.io's, which Fastify never sees) by the same
 * trusted-proxy rule as Fastify's `request.ip`: `trust` is `ROOFLINE_TRUST_PROXY`.
 */
export function clientAddress(request: IncomingMessage, trust: false | number | string[]): string {
  if (trust === false) return request.socket.remoteAddress ?? 'unknown'
  const trusted =
    typeof trust === 'number' ? (_: string, hop: number) => hop < trust : proxyAddr.compile(trust)
  return proxyAddr(request, trusted)
}
