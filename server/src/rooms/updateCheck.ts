import type * as Y from 'yjs'
import { ByteWalker } from './byteWalker.ts'

/** What an update may hold beyond being well-formed. */
export interface UpdateLimits {
  /** Levels of nesting allowed in any JSON or lib0 "any" value of its content. */
  maxDepth: number
  /**
   * The root types its items may name as their parent; null: any. A board document has a few
   * (`boardDocKeys`), and every root type costs each later lookup (Yjs scans them all to name
   * one), so an update creating thousands stalls the room and every client that joins it.
   */
  rootTypes: ReadonlySet<string> | null
}

/**
 * What an update builds on, gathered while it is checked: the clocks of each client its
 * structs cover (`segments`, as client, first clock, end clock triples) and, per client, the
 * end of the highest clock it refers to (origins, parents, deletions). Yjs keeps whatever
 * refers past what the document has "pending" and reads it all again with every later update.
 */
export interface UpdateReach {
  segments: number[]
  refs: Map<number, number>
}

/**
 * Bytes of changes waiting for what the board lacks that a document may hold: Yjs reads its
 * pending deletions again with every update, 16 KiB in well under a millisecond (1.2 MB took
 * some 60 ms, with every write to the room, for good).
 */
export const MAX_PENDING_BYTES = 16 * 1024

/** Bytes of what `doc` holds pending (structs and deletions whose dependencies it lacks). */
export function pendingBytes(doc: Y.Doc): number {
  const { pendingStructs, pendingDs } = doc.store
  return (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0)
}

/** Depth allowed when a caller gives no limits: far past any board record (about 10 levels). */
export const DEFAULT_UPDATE_LIMITS: UpdateLimits = { maxDepth: 64, rootTypes: null }

/**
 * Checks that `update` is a well-formed Yjs update (format v1), without building it: the
 * grammar `Y.decodeUpdate` reads (every struct, every content, the delete set), walked by
 * position only. Strings and binaries are skipped by their length, never decoded, so a check
 * allocates nothing for the usual update; it cost a quarter of what applying it does when it
 * was `Y.decodeUpdate` (a second full decode of every update, objects and strings included).
 *
 * It refuses whatever `Y.decodeUpdate` refuses (truncated, unknown content or type, bad
 * JSON in legacy content), and is stricter in three ways: nothing may be read past the end of
 * `update`, even where lib0 would read on into the buffer the view belongs to; no value may
 * nest deeper than `limits.maxDepth` (Yjs reads and writes them recursively: a value nested
 * 10,000 deep passes Yjs' decoder, then overflows the stack when the document is encoded for
 * the next client); and items may only go into `limits.rootTypes`. The walk itself is a loop
 * with an explicit stack, whatever the nesting. Like lib0 (its decoder is fatal), it refuses a
 * string that is not valid UTF-8; it checks without decoding.
 *
 * @throws Error naming what is wrong and where.
 */
export function checkUpdate(update: Uint8Array, limits: UpdateLimits = DEFAULT_UPDATE_LIMITS): UpdateReach {
  const walker = new ByteWalker(update, limits.maxDepth)
  const reach: UpdateReach = { segments: [], refs: new Map() }
  const stateUpdates = walker.varUint()
  for (let i = 0; i < stateUpdates; i++) {
    const structs = walker.varUint()
    const client = walker.varUint()
    let first = walker.varUint()
    let clock = first
    for (let s = 0; s < structs; s++) {
      const length = checkStruct(walker, limits.rootTypes, reach.refs)
      if (length < 0) {
        // A skip: the clocks it covers are not in the update, a gap before what follows.
        reach.segments.push(client, first, clock)
        first = clock - length
        clock = first
      } else clock += length
    }
    reach.segments.push(client, first, clock)
  }
  const deleteClients = walker.varUint()
  for (let i = 0; i < deleteClients; i++) {
    const client = walker.varUint()
    const deletes = walker.varUint()
    for (let d = 0; d < deletes; d++) {
      const clock = walker.varUint()
      refer(reach.refs, client, clock + walker.varUint())
    }
  }
  return reach
}

/** Notes that an update needs `client`'s clocks below `end`. */
function refer(refs: Map<number, number>, client: number, end: number): void {
  if ((refs.get(client) ?? 0) < end) refs.set(client, end)
}

/**
 * The first thing `reach` needs that neither the document (`stateOf`: a client's next clock
 * there) nor the update itself holds, described, or null when it needs nothing missing.
 * Yjs would keep such a part pending rather than apply it.
 */
export function unmetDependency(reach: UpdateReach, stateOf: (client: number) => number): string | null {
  const available = new Map<number, number>()
  const { segments } = reach
  for (let i = 0; i < segments.length; i += 3) {
    const [client, first, end] = segments.slice(i, i + 3) as [number, number, number]
    const has = available.get(client) ?? stateOf(client)
    if (first > has) return `changes of client ${client} from clock ${first}; the board has up to ${has}`
    available.set(client, Math.max(has, end))
  }
  for (const [client, end] of reach.refs) {
    const has = available.get(client) ?? stateOf(client)
    if (end > has) return `a reference to clock ${end - 1} of client ${client}; the board has up to ${has}`
  }
  return null
}

/** Bits of a struct's info byte (as yjs names them: BIT8 origin, BIT7 right origin, BIT6 parent key). */
const HAS_ORIGIN = 0x80
const HAS_RIGHT_ORIGIN = 0x40
const HAS_PARENT_SUB = 0x20
const CONTENT_REF = 0x1f
/** The info byte of a Skip struct (exactly this value; other bits with ref 10 are refused). */
const SKIP = 10

/** Checks one struct and notes the ids it refers to; its length in clocks (a skip's negated). */
function checkStruct(
  walker: ByteWalker,
  rootTypes: ReadonlySet<string> | null,
  refs: Map<number, number>,
): number {
  const info = walker.byte()
  if (info === SKIP) return -walker.varUint()
  const ref = info & CONTENT_REF
  if (ref === 0) return walker.varUint() // GC length
  const referId = () => refer(refs, walker.varUint(), walker.varUint() + 1)
  if (info & HAS_ORIGIN) referId()
  if (info & HAS_RIGHT_ORIGIN) referId()
  if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
    // The parent: a root type's name or the id of the item holding it.
    if (walker.varUint() !== 1) referId()
    else if (!rootTypes) walker.skipString()
    else {
      const at = walker.position
      const name = walker.string()
      if (!rootTypes.has(name)) {
        throw new Error(
          `unknown root type "${name.slice(0, 40)}" at byte ${at} (a board has ${[...rootTypes].join(', ')})`,
        )
      }
    }
    if (info & HAS_PARENT_SUB) walker.skipString()
  }
  return checkContent(walker, ref)
}

/** Highest type ref yjs reads (YXmlText); see yjs' `typeRefs`. */
const LAST_TYPE_REF = 6
/** Type refs followed by a node name: YXmlElement and YXmlHook. */
const NAMED_TYPE_REFS = new Set([3, 5])

/** Checks one struct's content; its length in clocks (as Yjs counts: a string's UTF-16 units). */
function checkContent(walker: ByteWalker, ref: number): number {
  switch (ref) {
    case 1: // deleted: a length
      return walker.varUint()
    case 2: {
      // legacy JSON: a count of JSON strings ("undefined" allowed)
      const count = walker.varUint()
      for (let i = 0; i < count; i++) {
        const text = walker.string()
        if (text !== 'undefined') walker.json(text)
      }
      return count
    }
    case 3: // binary
      walker.skipBytes()
      return 1
    case 4: // string
      return walker.skipString()
    case 5: // embed: one JSON string
      walker.json(walker.string())
      return 1
    case 6: // format: a key, then a JSON value
      walker.skipString()
      walker.json(walker.string())
      return 1
    case 7: {
      const typeRef = walker.varUint()
      if (typeRef > LAST_TYPE_REF) throw new Error(`unknown type ref ${typeRef} at byte ${walker.position}`)
      if (NAMED_TYPE_REFS.has(typeRef)) walker.skipString()
      return 1
    }
    case 8: {
      // any: a count of lib0 "any" values, the content of nearly every tldraw record
      const count = walker.varUint()
      for (let i = 0; i < count; i++) walker.skipAny()
      return count
    }
    case 9: {
      // a subdocument: its guid, then its options (yjs reads `opts.shouldLoad`: no null)
      walker.skipString()
      const options = walker.any()
      if (options === null || options === undefined) throw new Error('subdocument without options')
      return 1
    }
    default:
      throw new Error(`unknown content ref ${ref} at byte ${walker.position}`)
  }
}
