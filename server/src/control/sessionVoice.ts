import type { Seat, VoicePeer } from '@roofline/shared'
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
      async peers(sessionId, members) {
        const session = await service.data(sessionId)
        const peers: VoicePeer[] = []
        for (const { seat, voice } of members) {
          if (!voice) continue
          peers.push({
            peerId: voice.peerId,
            seat,
            name: nameOf(seat, session.names),
            muted: voice.muted,
            maySpeak: seat !== 'observer' || session.voice?.observerMaySpeak === true,
          })
        }
        return peers.sort(
          (a, b) => (a.seat ?? '').localeCompare(b.seat ?? '') || a.peerId.localeCompare(b.peerId),
        )
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
