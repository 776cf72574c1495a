import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { checkJsonTextDepth } from '../limits/valueBounds.ts'
import { checkUpdate, DEFAULT_UPDATE_LIMITS, type UpdateLimits, type UpdateReach } from './updateCheck.ts'

/** One client's entry in an awareness update: its id, clock and state as JSON text. */
export interface AwarenessEntry {
  client: number
  clock: number
  state: string
}

/** Outer message types of the y-websocket protocol. */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const
/** Inner message types of y-protocols' sync protocol. */
const SyncType = { step1: 0, step2: 1, update: 2 } as const

/** A client message that passed validation. */
export type ClientMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array; reach: UpdateReach }
  | { kind: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
  | { kind: 'queryAwareness' }

/** What a client message may hold beyond being well-formed. */
export interface MessageLimits extends UpdateLimits {
  /** Awareness client ids one connection may introduce (see `admitAwareness`). */
  maxAwarenessClients: number
}

/** Limits for callers that give none (tests, tools). */
export const DEFAULT_MESSAGE_LIMITS: MessageLimits = { ...DEFAULT_UPDATE_LIMITS, maxAwarenessClients: 2 }

/** Thrown for a message that is not a well-formed sync or awareness message. */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
}

/**
 * Decodes and validates one binary message from a y-websocket client. Nothing is applied
 * here: an update or awareness message is parsed in full first, so a malformed one is
 * refused before it can touch the room.
 *
 * @throws ProtocolError naming what is wrong.
 */
export function decodeClientMessage(
  data: Uint8Array,
  limits: MessageLimits = DEFAULT_MESSAGE_LIMITS,
): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data)
    const message = readMessage(decoder, decoding.readVarUint(decoder), limits)
    if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after the message')
    return message
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError(`malformed message: ${(error as Error).message}`)
  }
}

function readMessage(decoder: decoding.Decoder, type: number, limits: MessageLimits): ClientMessage {
  switch (type) {
    case MessageType.sync:
      return readSync(decoder, limits)
    case MessageType.awareness: {
      const update = decoding.readVarUint8Array(decoder)
      return { kind: 'awareness', update, entries: readAwarenessUpdate(update, limits.maxDepth) }
    }
    case MessageType.queryAwareness:
      return { kind: 'queryAwareness' }
    default:
      throw new ProtocolError(`unknown message type ${type}`)
  }
}

function readSync(decoder: decoding.Decoder, limits: UpdateLimits): ClientMessage {
  const syncType = decoding.readVarUint(decoder)
  switch (syncType) {
    case SyncType.step1: {
      const stateVector = decoding.readVarUint8Array(decoder)
      Y.decodeStateVector(stateVector)
      return { kind: 'syncStep1', stateVector }
    }
    case SyncType.step2:
    case SyncType.update: {
      const update = decoding.readVarUint8Array(decoder)
      // Walks every struct and the delete set; throws on truncated or garbled bytes.
      return { kind: 'update', update, reach: checkUpdate(update, limits) }
    }
    default:
      throw new ProtocolError(`unknown sync message type ${syncType}`)
  }
}

/**
 * An awareness update is a count, then per client: id, clock and a JSON state (or "null").
 * Each state's nesting is checked before it is parsed (the room re-encodes every state for
 * every joining client, recursively).
 */
function readAwarenessUpdate(update: Uint8Array, maxDepth: number): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const state = decoding.readVarString(decoder)
    try {
      checkJsonTextDepth(state, maxDepth)
    } catch (error) {
      throw new ProtocolError(`awareness state: ${(error as Error).message}`)
    }
    JSON.parse(state)
    entries.push({ client, clock, state })
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes in awareness update')
  return entries
}

/** The server's sync step 1: its state vector, so the client sends what the server lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return encodeSync(SyncType.step1, Y.encodeStateVector(doc))
}

/** Sync step 2: everything in `doc` that a peer with `stateVector` is missing. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return encodeSync(SyncType.step2, Y.encodeStateAsUpdate(doc, stateVector))
}

/** A document update relayed to the room. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SyncType.update, update)
}

/** The awareness states of `clients`, as one message. */
export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  return frame([MessageType.awareness], awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
}

function encodeSync(syncType: number, payload: Uint8Array): Uint8Array {
  return frame([MessageType.sync, syncType], payload)
}

/**
 * A message: its type tags (each below 128, so one varint byte), then `payload` with its
 * length as a varint. The same bytes as lib0's encoder writes, in one array of the exact size
 * rather than a growing buffer copied at the end: every relayed update is framed here.
 */
function frame(tags: readonly number[], payload: Uint8Array): Uint8Array {
  const length = payload.byteLength
  let lengthBytes = 1
  for (let rest = length; rest >= 0x80; rest = Math.floor(rest / 128)) lengthBytes++
  const message = new Uint8Array(tags.length + lengthBytes + length)
  message.set(tags)
  let position = tags.length
  let rest = length
  // 7 bits a byte, low bits first, the high bit set on all but the last.
  for (; rest >= 0x80; rest = Math.floor(rest / 128)) message[position++] = (rest % 128) | 0x80
  message[position++] = rest
  message.set(payload, position)
  return message
}
