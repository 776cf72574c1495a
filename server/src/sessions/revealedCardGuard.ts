import { boardDocKeys, isRevealedCardRecord, type RecordChange, YRecordMap } from '@roofline/shared'
import type * as Y from 'yjs'
import type { Connection, Room } from '../rooms/room.ts'
import type { RoomExtension, RoomLogger } from '../rooms/roomLifecycle.ts'
import { sessionSeatOf } from './sessionAccess.ts'

/** The transaction origin of the server's own writes that put revealed cards back. */
export const revealedCardGuardOrigin = Symbol('revealed-card guard')

/** The guard's room extension and what it has done so far. */
export interface RevealedCardGuard {
  extension: RoomExtension
  /** Revealed cards put back since the server started (one per record per offending update). */
  restoredCount(): number
}

/**
 * Keeps revealed cards as the interviewer left them, on the server: when an update from a
 * session connection that is not the interviewer's right now (the candidate, after a peer
 * swap the former interviewer) changes or deletes a record that was a revealed card, the
 * server writes the record's previous value back in a transaction of its own. Every client,
 * the sender included, converges to the card as it was, and the recording stores the
 * write-back like any change. The client refuses these edits too; this is for a client that
 * does not (devtools, a raw Yjs client with the candidate's token).
 *
 * Only the keys each transaction changed are looked at (`YRecordMap` reads them from the
 * transaction), never the whole board. Rooms that are not sessions are not watched.
 */
export function revealedCardGuard(
  isSession: (roomId: string) => Promise<boolean>,
  logger: RoomLogger,
): RevealedCardGuard {
  const watched = new Map<Room, YRecordMap<unknown>>()
  let restored = 0
  const extension: RoomExtension = {
    async onReady(room) {
      if (!(await isSession(room.id))) return
      const records = new YRecordMap<unknown>(room.doc.getArray(boardDocKeys.records))
      watched.set(room, records)
      records.onChange((changes, transaction) => {
        const connection = offender(room, transaction)
        if (!connection) return
        const back = changedCards(changes)
        if (back.length === 0) return
        room.doc.transact(() => {
          for (const [key, value] of back) records.set(key, value)
        }, revealedCardGuardOrigin)
        restored += back.length
        logger.warn(
          {
            room: room.id,
            connection: connection.id,
            seat: sessionSeatOf(connection.principal),
            role: connection.principal.role,
            records: back.map(([key]) => key),
          },
          'restored revealed cards changed by someone other than the interviewer',
        )
      })
    },
    async onUnload(room) {
      watched.get(room)?.destroy()
      watched.delete(room)
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

/** The revealed cards among `changes` that were changed or deleted, with their values before. */
function changedCards(changes: Map<string, RecordChange<unknown>>): Array<[string, unknown]> {
  const back: Array<[string, unknown]> = []
  for (const [key, change] of changes) {
    if (change.action !== 'add' && isRevealedCardRecord(change.oldValue)) back.push([key, change.oldValue])
  }
  return back
}
