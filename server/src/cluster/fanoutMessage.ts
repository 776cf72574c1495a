import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** Kinds of message on a room's fan-out channel. */
export const FanoutKind = {
  /** A document update, already stored at `seq` by the process that accepted it. */
  update: 0,
  /** An awareness update of clients connected to the sending process. */
  awareness: 1,
  /** "I just loaded this room": every other process answers with its clients' awareness. */
  awarenessQuery: 2,
} as const

/**
 * First byte of a frame holding several messages of one room from one process, in order (see
 * {@link encodeFanoutBatch}); a frame starting with a {@link FanoutKind} holds one message.
 */
const BATCH = 3

/** One message between server processes about one room. */
export interface FanoutMessage {
  kind: (typeof FanoutKind)[keyof typeof FanoutKind]
  /** Id of the sending process, so it can ignore its own echo. */
  origin: string
  /** Log position of an update; 0 for the other kinds. */
  seq: number
  /** The Yjs update or awareness update; empty for a query. */
  payload: Uint8Array
}

/**
 * Encodes a fan-out message as bytes: kind, origin, seq, payload (lib0 var-length fields).
 *
 * @example decodeFanoutMessage(encodeFanoutMessage(message)) // deep-equals message
 */
export function encodeFanoutMessage(message: FanoutMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, message.kind)
  encoding.writeVarString(encoder, message.origin)
  encoding.writeVarUint(encoder, message.seq)
  encoding.writeVarUint8Array(encoder, message.payload)
  return encoding.toUint8Array(encoder)
}

/**
 * Encodes the messages one process has for one room in one turn as one frame: the batch mark,
 * the origin once, the count, then each message's kind, seq and payload, in the order given.
 * One PUBLISH carries them all, and a receiver applies them in that order.
 *
 * @example decodeFanoutFrame(encodeFanoutBatch('p1', [a, b])) // [{ ...a, origin: 'p1' }, { ...b, origin: 'p1' }]
 */
export function encodeFanoutBatch(
  origin: string,
  messages: readonly Omit<FanoutMessage, 'origin'>[],
): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, BATCH)
  encoding.writeVarString(encoder, origin)
  encoding.writeVarUint(encoder, messages.length)
  for (const message of messages) {
    encoding.writeVarUint(encoder, message.kind)
    encoding.writeVarUint(encoder, message.seq)
    encoding.writeVarUint8Array(encoder, message.payload)
  }
  return encoding.toUint8Array(encoder)
}

/**
 * The bytes every frame `origin` sends starts with after its first byte (the origin as encoded),
 * for {@link sentBy}.
 */
export function originMark(origin: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, origin)
  return encoding.toUint8Array(encoder)
}

/**
 * Whether `frame` (one message or a batch) was sent by the process whose {@link originMark} is
 * `mark`: compared in place, so a process drops its own echo without decoding or allocating.
 */
export function sentBy(frame: Uint8Array, mark: Uint8Array): boolean {
  if (frame.byteLength < mark.byteLength + 1) return false
  for (let i = 0; i < mark.byteLength; i++) if (frame[i + 1] !== mark[i]) return false
  return true
}

function readKind(decoder: decoding.Decoder): FanoutMessage['kind'] {
  const kind = decoding.readVarUint(decoder)
  if (kind !== FanoutKind.update && kind !== FanoutKind.awareness && kind !== FanoutKind.awarenessQuery) {
    throw new Error(`unknown fan-out message kind ${kind}`)
  }
  return kind
}

/**
 * Decodes a frame from a fan-out channel, one message or a batch, into its messages in order.
 * @throws Error for bytes that are not one well-formed frame (nothing of it is returned).
 */
export function decodeFanoutFrame(bytes: Uint8Array): FanoutMessage[] {
  const decoder = decoding.createDecoder(bytes)
  if (bytes[0] !== BATCH) return [decodeFanoutMessage(bytes)]
  decoding.readVarUint(decoder)
  const origin = decoding.readVarString(decoder)
  const count = decoding.readVarUint(decoder)
  // Each message takes at least three bytes: a count beyond that is a malformed frame.
  if (count > decoder.arr.byteLength) throw new Error(`fan-out batch claims ${count} messages`)
  const messages: FanoutMessage[] = []
  for (let i = 0; i < count; i++) {
    const kind = readKind(decoder)
    messages.push({
      kind,
      origin,
      seq: decoding.readVarUint(decoder),
      payload: decoding.readVarUint8Array(decoder),
    })
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after a fan-out batch')
  return messages
}

/**
 * Decodes bytes from a fan-out channel holding one message.
 * @throws Error for bytes that are not one well-formed message.
 */
export function decodeFanoutMessage(bytes: Uint8Array): FanoutMessage {
  const decoder = decoding.createDecoder(bytes)
  const kind = readKind(decoder)
  const message: FanoutMessage = {
    kind,
    origin: decoding.readVarString(decoder),
    seq: decoding.readVarUint(decoder),
    payload: decoding.readVarUint8Array(decoder),
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after a fan-out message')
  return message
}
