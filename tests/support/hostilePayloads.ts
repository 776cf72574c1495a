import { type AwarenessEntry, encodeAwarenessEntries } from '@roofline/server'
import * as encoding from 'lib0/encoding'
import { envelope, YMessage } from './rawYjs.ts'

/**
 * Hand-built hostile payloads for the Yjs and socket.io endpoints: byte for byte what an
 * attacker sends, never built with Yjs itself (building 64,000 root types, or a value nested
 * 100,000 deep, with Yjs would stall or overflow the test process first).
 */

/** JSON text nested `depth` arrays deep: `[[[...]]]`, two bytes a level. */
export function deepJsonText(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`
}

export type { AwarenessEntry }

/**
 * An awareness message (outer type 1) carrying `entries`, states as given (y-protocols would
 * `JSON.stringify` them, which a state nested 10,000 deep overflows).
 */
export function awarenessMessage(entries: readonly AwarenessEntry[]): Uint8Array {
  return envelope(YMessage.awareness, encodeAwarenessEntries(entries))
}

/** Yjs content refs (yjs' `contentRefs`) that carry JSON or lib0 "any" values. */
export const DeepContent = { json: 2, embed: 5, format: 6, any: 8, subdoc: 9 } as const
export type DeepContentKind = keyof typeof DeepContent

/** A lib0 "any" value nested `depth` arrays deep, ending in null. */
function writeDeepAny(encoder: encoding.Encoder, depth: number): void {
  for (let i = 0; i < depth; i++) {
    encoding.writeUint8(encoder, 117) // array
    encoding.writeVarUint(encoder, 1)
  }
  encoding.writeUint8(encoder, 126) // null
}

/** A lib0 "any" object nested `depth` levels deep under key "a" (subdocument options). */
function writeDeepAnyObject(encoder: encoding.Encoder, depth: number): void {
  for (let i = 0; i < depth; i++) {
    encoding.writeUint8(encoder, 118) // object
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarString(encoder, 'a')
  }
  encoding.writeUint8(encoder, 126)
}

/**
 * A Yjs update (format v1) with one item in root type `root` whose content of `kind` is
 * nested `depth` levels deep: what the "board update nested deep" sent.
 */
export function deepContentUpdate(
  kind: DeepContentKind,
  depth: number,
  root = 'tl_records',
  client = 4242,
): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // one client's structs
  encoding.writeVarUint(encoder, 1) // one struct
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, 0) // first clock
  encoding.writeUint8(encoder, DeepContent[kind]) // info: no origins, no parent key
  encoding.writeVarUint(encoder, 1) // parent is a root type, by name
  encoding.writeVarString(encoder, root)
  switch (kind) {
    case 'json':
      encoding.writeVarUint(encoder, 1)
      encoding.writeVarString(encoder, deepJsonText(depth))
      break
    case 'embed':
      encoding.writeVarString(encoder, deepJsonText(depth))
      break
    case 'format':
      encoding.writeVarString(encoder, 'bold')
      encoding.writeVarString(encoder, deepJsonText(depth))
      break
    case 'any':
      encoding.writeVarUint(encoder, 1)
      writeDeepAny(encoder, depth)
      break
    case 'subdoc':
      encoding.writeVarString(encoder, 'sub-guid')
      writeDeepAnyObject(encoder, depth)
      break
  }
  encoding.writeVarUint(encoder, 0) // empty delete set
  return encoding.toUint8Array(encoder)
}

/**
 * A Yjs update creating `count` root types (`r0`, `r1`, ...), one small item in each: the
 * issue's "root-type blow-up" (64,000 of them in about 600 kB).
 */
export function manyRootsUpdate(count: number, client = 4343): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, count)
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, 0)
  for (let i = 0; i < count; i++) {
    encoding.writeUint8(encoder, 8) // any content, no origins, no parent key
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarString(encoder, `r${i}`)
    encoding.writeVarUint(encoder, 1) // one value
    encoding.writeUint8(encoder, 125) // integer
    encoding.writeVarInt(encoder, 0)
  }
  encoding.writeVarUint(encoder, 0)
  return encoding.toUint8Array(encoder)
}

/** A JS value nested `depth` arrays deep, built without recursion. */
export function deepArray(depth: number): unknown {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

/**
 * A Yjs update of no structs whose delete set holds `ranges` one-item ranges of `client`, a
 * client the board has never seen: Yjs keeps such deletions pending and reads them all again
 * with every later update of the room.
 */
export function pendingDeletesUpdate(ranges: number, client = 999_999): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0) // no structs
  encoding.writeVarUint(encoder, 1) // one client in the delete set
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, ranges)
  for (let i = 0; i < ranges; i++) {
    encoding.writeVarUint(encoder, 2 * i)
    encoding.writeVarUint(encoder, 1)
  }
  return encoding.toUint8Array(encoder)
}

/**
 * A Yjs update of `count` string items of `client` starting at clock `from` (the board has
 * none of that client's earlier items, so Yjs keeps them all pending), each `size` characters.
 */
export function pendingStructsUpdate(count: number, size: number, client = 888_888, from = 1): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, count)
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, from)
  const text = 'x'.repeat(size)
  for (let i = 0; i < count; i++) {
    // String content with an origin: the item before it, of the same client.
    encoding.writeUint8(encoder, 0x80 | 4)
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, from + i * size - 1)
    encoding.writeVarString(encoder, text)
  }
  encoding.writeVarUint(encoder, 0)
  return encoding.toUint8Array(encoder)
}
