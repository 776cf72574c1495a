import { boardDocKeys } from '@roofline/shared'
import * as Y from 'yjs'
import type { Connection, Room } from '../rooms/room.ts'
import type { RoomExtension, RoomLogger } from '../rooms/roomLifecycle.ts'
import { unmetDependency } from '../rooms/updateCheck.ts'
import { updateTouchesRoot } from '../rooms/updateTouches.ts'
import { sessionSeatOf } from './sessionAccess.ts'
import type { SessionService } from './sessionService.ts'

/** What the guard needs to know of sessions. */
export type SimGuardedSessions = Pick<SessionService, 'exists' | 'data'>

/**
 * Keeps the room's simulation map (`boardDocKeys.sim`: the run's inputs, progress and
 * outcome) the runner's to write, on the server. The interviewer's browser runs the simulator
 * and writes that map; everyone else only reads it. An update from any other session seat
 * that would write inside the map (set, delete, or anything nested) is refused before it is
 * applied: nothing of it is stored or reaches the other clients, and the connection is closed
 * (1008). A stock client never sends one (only the interviewer's panel offers Run); this is for
 * a client that does (devtools, a raw Yjs client with the candidate's token).
 *
 * Who may write: in an interview, the interviewer. In a peer session, either peer: they are
 * equals taking turns, and a run started by the peer who interviewed goes on writing its
 * progress and outcome after a swap (refusing those would cut that peer off mid-run). The
 * observer never writes anything (read-only connections' updates are dropped earlier).
 *
 * An update from a seat that may not write, and that builds on changes the board does not
 * have yet, is refused too: where its items land cannot be known until those arrive. A stock
 * client builds on what it synced; after the refusal it reconnects and sends it all at once.
 * Rooms that are not sessions are not watched.
 */
export function simMapGuard(sessions: SimGuardedSessions, logger: RoomLogger): RoomExtension {
  /** Watched rooms, each with whether it is a peer session. */
  const peerRooms = new Map<Room, boolean>()
  return {
    async onReady(room) {
      if (!(await sessions.exists(room.id))) return
      peerRooms.set(room, (await sessions.data(room.id)).mode === 'peer')
    },
    admitUpdate(room, connection, update, reach) {
      const peer = peerRooms.get(room)
      if (peer === undefined || maySimulate(connection, peer)) return null
      const unmet = unmetDependency(reach, (client) => Y.getState(room.doc.store, client))
      const refusal = unmet
        ? `an update that cannot be checked: it needs ${unmet}`
        : updateTouchesRoot(room.doc, update, boardDocKeys.sim)
          ? 'only the interviewer writes the simulation'
          : null
      if (refusal) {
        const seat = sessionSeatOf(connection.principal)
        logger.warn(
          { room: room.id, connection: connection.id, seat, reason: refusal },
          'refused simulation write',
        )
      }
      return refusal
    },
    async onUnload(room) {
      peerRooms.delete(room)
    },
  }
}

/** Whether `connection` may write the simulation map: the interviewer, or in a peer session either peer. */
function maySimulate(connection: Connection, peer: boolean): boolean {
  const seat = sessionSeatOf(connection.principal)
  if (seat === null || seat === 'observer') return false
  return peer || connection.principal.role === 'interviewer'
}
