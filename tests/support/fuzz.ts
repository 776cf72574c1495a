/**
 * Seeded randomness for the bad-input suites: the same seed gives the same inputs, so a
 * failure names its seed and replays exactly (`FUZZ_SEED=... pnpm vitest run tests/fault`).
 */

/** A small deterministic random source (mulberry32). */
export interface Rng {
  readonly seed: number
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  bytes(length: number): Uint8Array
}

/** The seed for this run: `FUZZ_SEED` if set, else `fallback` (fixed, so CI is repeatable). */
export function fuzzSeed(fallback: number): number {
  const fromEnv = Number(process.env.FUZZ_SEED)
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : fallback
}

export function makeRng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)] as (typeof items)[number],
    bytes(length) {
      const out = new Uint8Array(length)
      for (let i = 0; i < length; i++) out[i] = int(256)
      return out
    },
  }
}

/** Byte-level damage to a valid message: what a buggy or hostile client sends. */
export const byteMutations = {
  truncated: (rng: Rng, bytes: Uint8Array) => bytes.slice(0, rng.int(Math.max(1, bytes.length))),
  flipped(rng: Rng, bytes: Uint8Array) {
    const out = bytes.slice()
    for (let n = 1 + rng.int(4); n > 0 && out.length > 0; n--) out[rng.int(out.length)] = rng.int(256)
    return out
  },
  inserted(rng: Rng, bytes: Uint8Array) {
    const at = rng.int(bytes.length + 1)
    return concat(bytes.slice(0, at), rng.bytes(1 + rng.int(16)), bytes.slice(at))
  },
  appended: (rng: Rng, bytes: Uint8Array) => concat(bytes, rng.bytes(1 + rng.int(8))),
  cut(rng: Rng, bytes: Uint8Array) {
    const from = rng.int(bytes.length + 1)
    return concat(bytes.slice(0, from), bytes.slice(from + 1 + rng.int(8)))
  },
} as const

/** Nasty strings: markup, script, control characters, lone surrogates, prototype keys. */
const NASTY_STRINGS = [
  '',
  ' ',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  "'; DROP TABLE room_log; --",
  '__proto__',
  'constructor',
  'prototype',
  '\u0000\u0001\u001f',
  '\ud800',
  '🙂'.repeat(50),
  '%s%n%x',
  '../../etc/passwd',
  'start',
  'host',
  'guest',
] as const

/** A random JSON value of depth at most `depth`, biased towards the shapes schemas check. */
export function jsonValue(rng: Rng, depth = 3): unknown {
  const kind = rng.int(depth > 0 ? 9 : 6)
  switch (kind) {
    case 0:
      return null
    case 1:
      return rng.chance(0.5)
    case 2:
      return rng.pick([0, -1, 1, 4, 5, 1.5, -0.0, 2 ** 53, -(2 ** 31), 1e308, Number.MAX_SAFE_INTEGER + 2])
    case 3:
      return rng.pick(NASTY_STRINGS)
    case 4:
      return 'x'.repeat(rng.int(5000))
    case 5:
      return String.fromCharCode(...Array.from({ length: rng.int(40) }, () => rng.int(0xffff)))
    case 6:
      return Array.from({ length: rng.int(5) }, () => jsonValue(rng, depth - 1))
    case 7:
      return nested(rng.int(200))
    default: {
      const object: Record<string, unknown> = {}
      for (let n = rng.int(5); n > 0; n--) {
        const key = rng.chance(0.5)
          ? rng.pick(NASTY_STRINGS)
          : rng.pick(['command', 'text', 'seat', 'itemId'])
        setKey(object, key, jsonValue(rng, depth - 1))
      }
      return object
    }
  }
}

/** Sets an own, enumerable key, even "__proto__" (which plain assignment would not). */
function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
}

/** A value nested `depth` levels deep: [[[...]]]. */
function nested(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

/** Damages a valid object payload: drops, retypes or adds a field, or replaces it whole. */
export function mutatePayload(rng: Rng, valid: Record<string, unknown>): unknown {
  const keys = Object.keys(valid)
  const copy: Record<string, unknown> = { ...valid }
  switch (rng.int(5)) {
    case 0: {
      const key = keys.length > 0 ? rng.pick(keys) : 'extra'
      delete copy[key]
      return copy
    }
    case 1: {
      const key = keys.length > 0 ? rng.pick(keys) : 'extra'
      copy[key] = jsonValue(rng, 2)
      return copy
    }
    case 2:
      setKey(copy, rng.pick(NASTY_STRINGS) || 'extra', jsonValue(rng, 1))
      return copy
    case 3:
      return [copy]
    default:
      return jsonValue(rng)
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
