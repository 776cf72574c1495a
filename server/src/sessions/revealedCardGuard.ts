import {
  boardDocKeys,
  exampleOfRecord,
  isRevealedCardRecord,
  type RecordChange,
  YRecordMap,
} from '@roofline/shared'
import type * as Y from 'yjs'
import type { Connection, Room } from '../rooms/room.ts'
import type { RoomExtension, RoomLogger } from '../rooms/roomLifecycle.ts'
import { sessionSeatOf } from './sessionAccess.ts'
import type { SessionService } from './sessionService.ts'

/** The transaction origin of the server's own writes that undo a forbidden change. */
export const revealedCardGuardOrigin = Symbol('revealed-card guard')

/** What the guard needs to know of sessions. */
export type GuardedSessions = Pick<SessionService, 'exists' | 'examplesAllowed' | 'onChange'>

/** The guard's room extension and what it has done so far. */
export interface RevealedCardGuard {
  extension: RoomExtension
  /** Records put back or removed since the server started (one per record per offending update). */
  restoredCount(): number
}

/**
 * Keeps revealed cards as the interviewer left them, and example diagrams the interviewer's to
 * give, on the server. When an update from a session connection that is not the interviewer's
 * right now (the candidate; after a peer swap, the former interviewer):
 *
 * - changes or deletes a record that was a revealed card, the server writes the record's
 *   previous value back;
 * - adds a revealed card, or turns a record into one (only the interviewer reveals: a
 *   candidate's "revealed" card would pass for the interviewer's), the server deletes it or
 *   writes the previous value back;
 * - adds a shape marked as part of an example diagram (`meta.example`, say pasted from a
 *   scratch board) while the session does not allow examples, the server deletes it;
 *
 * in a transaction of its own. Every client, the sender included, converges to the board as
 * it was, and the recording stores the write-back like any change. The client refuses these
 * edits too; this is for a client that does not (devtools, a raw Yjs client with the
 * candidate's token).
 *
 * Only the keys each transaction changed are looked at (`YRecordMap` reads them from the
 * transaction), never the whole board. Rooms that are not sessions are not watched.
 */
export function revealedCardGuard(sessions: GuardedSessions, logger: RoomLogger): RevealedCardGuard {
  const watched = new Map<Room, YRecordMap<unknown>>()
  /** Whether each watched session allows the candidate examples, kept in step with the session. */
  const examplesAllowed = new Map<string, boolean>()
  let restored = 0
  sessions.onChange((change) => {
    if (!examplesAllowed.has(change.sessionId) || change.deleted) return
    void sessions.examplesAllowed(change.sessionId).then(
      (allowed) => examplesAllowed.has(change.sessionId) && examplesAllowed.set(change.sessionId, allowed),
      () => {},
    )
  })
  const extension: RoomExtension = {
    async onReady(room) {
      if (!(await sessions.exists(room.id))) return
      examplesAllowed.set(room.id, await sessions.examplesAllowed(room.id))
      const records = new YRecordMap<unknown>(room.doc.getArray(boardDocKeys.records))
      watched.set(room, records)
      records.onChange((changes, transaction) => {
        const connection = offender(room, transaction)
        if (!connection) return
        const undo = forbidden(changes, examplesAllowed.get(room.id) === true)
        if (undo.length === 0) return
        room.doc.transact(() => {
          for (const [key, value] of undo) {
            if (value === undefined) records.delete(key)
            else records.set(key, value)
          }
        }, revealedCardGuardOrigin)
        restored += undo.length
        logger.warn(
          {
            room: room.id,
            connection: connection.id,
            seat: sessionSeatOf(connection.principal),
            role: connection.principal.role,
            records: undo.map(([key]) => key),
          },
          'restored revealed cards or removed examples added by someone other than the interviewer',
        )
      })
    },
    async onUnload(room) {
      watched.get(room)?.destroy()
      watched.delete(room)
      examplesAllowed.delete(room.id)
    },
  }
  return { extension, restoredCount: () => restored }
}

/** The session connection a transaction came from when it is not the interviewer's, else null. */
function offender(room: Room, transaction: Y.Transaction): Connection | null {
  const origin = transaction.origin as Connection
  if (!room.connections.has(origin)) return null
  if (sessionSeatOf(origin.principal) === null) return null
  return origin.principal.role === 'interviewer' ? null : origin
}

/**
 * The records among `changes` that must be undone, each with the value to write back
 * (undefined: delete it): revealed cards changed or deleted, revealed cards added or made
 * from another record, and, unless `examplesAllowed`, example shapes added.
 */
function forbidden(
  changes: Map<string, RecordChange<unknown>>,
  examplesAllowed: boolean,
): Array<[string, unknown]> {
  const undo: Array<[string, unknown]> = []
  for (const [key, change] of changes) {
    if (change.action === 'add') {
      // Only the interviewer reveals: a card anyone else adds is a forgery.
      const forged = isRevealedCardRecord(change.newValue)
      if (forged || (!examplesAllowed && exampleOfRecord(change.newValue) !== null))
        undo.push([key, undefined])
    } else if (isRevealedCardRecord(change.oldValue)) undo.push([key, change.oldValue])
    // A shape of one's own turned into a revealed card is a forgery too: it goes back to what it was.
    else if (change.action === 'update' && isRevealedCardRecord(change.newValue))
      undo.push([key, change.oldValue])
  }
  return undo
}
