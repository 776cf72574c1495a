import type { Seat } from '@roofline/shared'
import type { Namespace } from 'socket.io'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import type { SessionService } from '../sessions/sessionService.ts'
import { type ControlSocketData, sessionRoom } from './socketRooms.ts'
import { VoiceRelay } from './voiceRelay.ts'

/**
 * The voice rooms of sessions: one per session, its members the session's control
 * connections. A peer is named by its seat; an observer speaks only once the interviewer
 * allowed it, and the roster goes out again whenever that permission changes.
 */
export function sessionVoiceRelay(
  ns: Namespace,
  service: SessionService,
  logger: RoomLogger,
): VoiceRelay<ControlSocketData> {
  const relay = new VoiceRelay<ControlSocketData>(
    ns,
    {
      kind: 'session',
      placeOf: (data) => data.sessionId,
      room: sessionRoom,
      async describer(sessionId) {
        const session = await service.data(sessionId)
        return ({ seat }) => ({
          seat,
          name: nameOf(seat, session.names),
          maySpeak: seat !== 'observer' || session.voice?.observerMaySpeak === true,
        })
      },
    },
    logger,
  )
  service.onChange((change) => {
    // Whether the observer may speak is in the public state; the roster carries it.
    if (change.remote || !change.publicState || change.deleted) return
    relay.refreshRoster(change.sessionId)
  })
  return relay
}

function nameOf(seat: Seat, names: { host: string; guest: string }): string {
  return seat === 'observer' ? 'Observer' : names[seat]
}
