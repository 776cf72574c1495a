import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { type AwarenessEntry, admitAwareness, encodeAwarenessEntries } from './awarenessOwnership.ts'
import type { Connection, Room } from './room.ts'
import type { RoomLogger } from './roomLogger.ts'
import { MAX_PENDING_BYTES, pendingBytes, type UpdateReach, unmetDependency } from './updateCheck.ts'
import {
  type ClientMessage,
  DEFAULT_MESSAGE_LIMITS,
  decodeClientMessage,
  encodeAwareness,
  type MessageLimits,
  ProtocolError,
} from './yMessages.ts'

/** What admitting client messages needs of the lifecycle's settings. */
export interface RoomMessageOptions {
  logger: RoomLogger
  /** Bounds on what a client message may hold (default: `DEFAULT_MESSAGE_LIMITS`). */
  limits?: MessageLimits
  /** Largest a room's document may grow, in stored bytes; default: no limit. */
  maxRoomBytes?: number
  /** Checks an update must pass before it is applied (the extensions' `admitUpdate`), in order. */
  admissions?: UpdateAdmission[]
}

/**
 * Decides, before it is applied, whether a client's update may go into the room: null admits
 * it, a reason refuses it (the connection is closed, 1008, and nothing of the update is
 * applied, stored or relayed). `reach` is what the update builds on (see `checkUpdate`).
 */
export type UpdateAdmission = (
  room: Room,
  connection: Connection,
  update: Uint8Array,
  reach: UpdateReach,
) => string | null

/**
 * Why `update` (with its `reach`) is refused, or null: it needs changes the board does not
 * have and would take what Yjs keeps pending past `MAX_PENDING_BYTES`. Yjs reads its pending
 * deletions again with every later update of the room, and hands all of it to every client
 * that joins: one client could make every write to a room (and so the whole server) slow for
 * good. A stock client never sends such a change (it builds on the board it synced); a small
 * one is kept, as Yjs does, in case what it waits for arrives.
 */
function pendingRefusal(room: Room, update: Uint8Array, reach: UpdateReach): string | null {
  if (pendingBytes(room.doc) + update.byteLength <= MAX_PENDING_BYTES) return null
  const unmet = unmetDependency(reach, (client) => Y.getState(room.doc.store, client))
  return unmet && `${unmet}: it would wait, and past ${MAX_PENDING_BYTES} bytes`
}

/** WebSocket close codes the server uses. */
export const CloseCode = {
  goingAway: 1001,
  protocolError: 1002,
  policyViolation: 1008,
  tooBig: 1009,
  internalError: 1011,
} as const

/**
 * Admits and applies the messages of a room's clients: decoding within the limits, the sync
 * handshake's answer, updates (dropped from a reader; refused past the room's size or when they
 * would wait on too much), and awareness (only the ids a connection may speak for). A refusal
 * closes that connection only, with its reason logged.
 */
export class RoomMessages {
  readonly #options: RoomMessageOptions

  constructor(options: RoomMessageOptions) {
    this.#options = options
  }

  /**
   * Handles one binary message. A malformed or forbidden one, and any error while handling
   * it (now or in the promise it starts), closes that connection only, with the reason logged.
   */
  receive(room: Room, connection: Connection, data: Uint8Array): void {
    let message: ClientMessage
    try {
      message = decodeClientMessage(data, this.#options.limits ?? DEFAULT_MESSAGE_LIMITS)
    } catch (error) {
      const reason = error instanceof ProtocolError ? error.message : String(error)
      this.#refuse(room, connection, CloseCode.protocolError, reason, 'refused message')
      return
    }
    try {
      this.#handle(room, connection, message)
    } catch (error) {
      this.#refuse(room, connection, CloseCode.internalError, String(error), 'message failed')
    }
  }

  #handle(room: Room, connection: Connection, message: ClientMessage): void {
    switch (message.kind) {
      case 'syncStep1':
        // Answer after queued stores, so the reply never carries an update that is not stored yet.
        room
          .settled()
          .then(() => connection.send(room.syncStep2(message.stateVector)))
          .catch((error: unknown) =>
            this.#refuse(room, connection, CloseCode.internalError, String(error), 'sync failed'),
          )
        return
      case 'update': {
        if (!connection.principal.canWrite) {
          this.#options.logger.info(
            { room: room.id, role: connection.principal.role },
            'dropped read-only update',
          )
          return
        }
        const full = this.#overSize(room, message.update)
        if (full) {
          this.#refuse(room, connection, CloseCode.tooBig, full, 'refused update')
          return
        }
        const unmet = pendingRefusal(room, message.update, message.reach)
        if (unmet) {
          this.#refuse(room, connection, CloseCode.protocolError, unmet, 'refused message')
          return
        }
        for (const admit of this.#options.admissions ?? []) {
          const refusal = admit(room, connection, message.update, message.reach)
          if (refusal) {
            this.#refuse(room, connection, CloseCode.policyViolation, refusal, 'refused update')
            return
          }
        }
        try {
          room.apply(message.update, connection)
        } catch (error) {
          this.#options.logger.warn({ room: room.id, reason: String(error) }, 'update failed to apply')
          connection.close(CloseCode.protocolError, 'update failed to apply')
        }
        return
      }
      case 'awareness':
        this.#applyAwareness(room, connection, message.update, message.entries)
        return
      case 'queryAwareness':
        connection.send(encodeAwareness(room.awareness, [...room.awareness.getStates().keys()]))
        return
    }
  }

  /** Applies what `connection` may say of awareness (see `admitAwareness`); refuses an amplification. */
  #applyAwareness(room: Room, connection: Connection, update: Uint8Array, entries: AwarenessEntry[]): void {
    const max = (this.#options.limits ?? DEFAULT_MESSAGE_LIMITS).maxAwarenessClients
    const admitted = admitAwareness(room, connection, entries, max)
    if (admitted.refusal) {
      this.#refuse(room, connection, CloseCode.protocolError, admitted.refusal, 'refused message')
      return
    }
    if (admitted.spoofed.length > 0) {
      const reason = `awareness client id ${admitted.spoofed[0]} belongs to another connection`
      this.#options.logger.warn(
        { room: room.id, connection: connection.id, reason, ids: admitted.spoofed.length },
        'refused awareness change',
      )
    }
    if (admitted.entries.length === 0) return
    const applied =
      admitted.entries.length === entries.length ? update : encodeAwarenessEntries(admitted.entries)
    awarenessProtocol.applyAwarenessUpdate(room.awareness, applied, connection)
  }
  /** Why `update` would take the room past its size limit, or null when it fits. */
  #overSize(room: Room, update: Uint8Array): string | null {
    const max = this.#options.maxRoomBytes
    if (max === undefined || room.sizeBytes + update.byteLength <= max) return null
    const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`
    return `this board is full: ${mib(room.sizeBytes)} of ${mib(max)}`
  }

  /** Logs why `connection` is refused and closes it (with the reason, cut to what a close frame holds). */
  #refuse(room: Room, connection: Connection, code: number, reason: string, msg: string): void {
    const log = { room: room.id, connection: connection.id, reason }
    if (code === CloseCode.internalError) this.#options.logger.error(log, msg)
    else this.#options.logger.warn(log, msg)
    connection.close(code, closeReason(reason))
  }
}

/** Bytes a WebSocket close reason may have (RFC 6455: a control frame's 125, less the code). */
const MAX_CLOSE_REASON_BYTES = 123

/**
 * `reason` cut to what a close frame holds, counted in UTF-8 bytes: a reason may quote what the
 * client sent (a root type's name), and `ws` throws on a longer one.
 */
export function closeReason(reason: string): string {
  let cut = reason.slice(0, MAX_CLOSE_REASON_BYTES)
  while (Buffer.byteLength(cut) > MAX_CLOSE_REASON_BYTES) cut = cut.slice(0, -1)
  return cut
}
