import { isUtf8 } from 'node:buffer'
import * as decoding from 'lib0/decoding'
import { checkJsonTextDepth } from '../limits/valueBounds.ts'

/** Lib0 "any" type tags (the byte is 127 minus the case number lib0 names). */
const AnyTag = {
  undefined: 127,
  null: 126,
  varInt: 125,
  float32: 124,
  float64: 123,
  bigint64: 122,
  false: 121,
  true: 120,
  string: 119,
  object: 118,
  array: 117,
  bytes: 116,
} as const

/** Fatal, as lib0's: invalid UTF-8 throws. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Reads lib0's variable-length encodings from a byte array, never past its end, skipping what
 * it can without decoding it (what `checkUpdate` walks an update with).
 */
export class ByteWalker {
  readonly #bytes: Uint8Array
  readonly #maxDepth: number
  #pos = 0

  constructor(bytes: Uint8Array, maxDepth: number) {
    this.#bytes = bytes
    this.#maxDepth = maxDepth
  }

  /** Parses JSON text once its nesting is known to be within bounds (as Yjs will parse it). */
  json(text: string): void {
    checkJsonTextDepth(text, this.#maxDepth)
    JSON.parse(text)
  }

  get position(): number {
    return this.#pos
  }

  byte(): number {
    const byte = this.#bytes[this.#pos]
    if (byte === undefined) throw new Error(`unexpected end at byte ${this.#pos}`)
    this.#pos++
    return byte
  }

  /** An unsigned varint (7 bits a byte, low first), at most 2^53 - 1 as lib0 allows. */
  varUint(): number {
    let value = 0
    let scale = 1
    for (;;) {
      const byte = this.byte()
      value += (byte & 0x7f) * scale
      if (byte < 0x80) return value
      scale *= 128
      if (value > Number.MAX_SAFE_INTEGER) throw new Error(`integer out of range at byte ${this.#pos}`)
    }
  }

  skipVarUints(count: number): void {
    for (let i = 0; i < count; i++) this.varUint()
  }

  /** A signed varint: its first byte carries a continuation bit, a sign bit and 6 bits. */
  skipVarInt(): void {
    let byte = this.byte()
    let value = byte & 0x3f
    let scale = 64
    while (byte & 0x80) {
      byte = this.byte()
      value += (byte & 0x7f) * scale
      scale *= 128
      if (value > Number.MAX_SAFE_INTEGER) throw new Error(`integer out of range at byte ${this.#pos}`)
    }
  }

  skip(length: number): void {
    if (length > this.#bytes.length - this.#pos) throw new Error(`unexpected end at byte ${this.#pos}`)
    this.#pos += length
  }

  /** A length-prefixed byte array. */
  skipBytes(): void {
    this.skip(this.varUint())
  }

  /** A length-prefixed UTF-8 string, checked but not decoded; its length in UTF-16 units. */
  skipString(): number {
    const length = this.varUint()
    const start = this.#pos
    this.skip(length)
    const bytes = this.#bytes
    // Keys and ids are short and ASCII: only a string with other bytes needs the full check.
    for (let i = start; i < start + length; i++) {
      if ((bytes[i] as number) >= 0x80) {
        if (!isUtf8(bytes.subarray(start, start + length)))
          throw new Error(`string at byte ${start} is not valid UTF-8`)
        return utf16Length(bytes, start, start + length)
      }
    }
    return length
  }

  string(): string {
    const length = this.varUint()
    const start = this.#pos
    this.skip(length)
    return utf8.decode(this.#bytes.subarray(start, start + length))
  }

  /**
   * Skips one lib0 "any" value. A loop, not recursion: `lefts` holds, for every array or
   * object still open, how many of its values are left to read, so nesting costs heap, never
   * stack, and goes no deeper than the bound.
   */
  skipAny(): void {
    const lefts: number[] = []
    const inObject: boolean[] = []
    let left = 1
    let object = false
    for (;;) {
      if (left === 0) {
        const outer = lefts.pop()
        if (outer === undefined) return
        left = outer
        object = inObject.pop() as boolean
        continue
      }
      left--
      if (object) this.skipString() // the key
      const tag = this.byte()
      switch (tag) {
        case AnyTag.undefined:
        case AnyTag.null:
        case AnyTag.false:
        case AnyTag.true:
          break
        case AnyTag.varInt:
          this.skipVarInt()
          break
        case AnyTag.float32:
          this.skip(4)
          break
        case AnyTag.float64:
        case AnyTag.bigint64:
          this.skip(8)
          break
        case AnyTag.string:
          this.skipString()
          break
        case AnyTag.bytes:
          this.skipBytes()
          break
        case AnyTag.object:
        case AnyTag.array: {
          const count = this.varUint()
          if (lefts.length >= this.#maxDepth) {
            throw new Error(`value nested deeper than ${this.#maxDepth} levels at byte ${this.#pos}`)
          }
          lefts.push(left)
          inObject.push(object)
          left = count
          object = tag === AnyTag.object
          break
        }
        default:
          throw new Error(`unknown value tag ${tag} at byte ${this.#pos - 1}`)
      }
    }
  }

  /** One "any" value, decoded (only for the rare content that yjs inspects). */
  any(): unknown {
    const start = this.#pos
    this.skipAny()
    return decoding.readAny(decoding.createDecoder(this.#bytes.subarray(start, this.#pos)))
  }
}

/**
 * UTF-16 units of valid UTF-8 bytes: one per character (every byte but a continuation byte
 * starts one), two for one of four bytes (a surrogate pair).
 */
function utf16Length(bytes: Uint8Array, start: number, end: number): number {
  let units = 0
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number
    if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1
  }
  return units
}
