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
 * Decodes bytes from a fan-out channel.
 * @throws Error for bytes that are not one well-formed message.
 */
export function decodeFanoutMessage(bytes: Uint8Array): FanoutMessage {
  const decoder = decoding.createDecoder(bytes)
  const kind = decoding.readVarUint(decoder)
  if (kind !== FanoutKind.update && kind !== FanoutKind.awareness && kind !== FanoutKind.awarenessQuery) {
    throw new Error(`unknown fan-out message kind ${kind}`)
  }
  const message: FanoutMessage = {
    kind,
    origin: decoding.readVarString(decoder),
    seq: decoding.readVarUint(decoder),
    payload: decoding.readVarUint8Array(decoder),
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after a fan-out message')
  return message
}
