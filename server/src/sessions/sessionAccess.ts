import type { Principal } from '../rooms/room.ts'
import { AuthError, type RoomExtension, type RoomLifecycle } from '../rooms/roomLifecycle.ts'
import { SessionError, type SessionService } from './sessionService.ts'

/**
 * Board access for sessions, as a room extension: a room that is a session admits only its
 * link tokens; the principal's role and write right come from the session (observers never
 * write; nobody writes after the end). Rooms that are not sessions are left to others.
 */
export function sessionAccess(service: SessionService): RoomExtension {
  return {
    async onAuthenticate({ roomId, token }) {
      if (!(await service.exists(roomId))) return undefined
      try {
        const seat = await service.authenticate(roomId, token)
        const principal: SessionPrincipal = {
          role: await service.roleOf(roomId, seat),
          canWrite: await service.canDraw(roomId, seat),
          seat,
        }
        return principal
      } catch (error) {
        if (error instanceof SessionError) throw new AuthError(error.status, error.message)
        throw error
      }
    },
  }
}

/** A board principal that belongs to a session seat. */
interface SessionPrincipal extends Principal {
  seat: 'host' | 'guest' | 'observer'
}

/** The session seat a board connection's principal holds, or null when it is no session's. */
export function sessionSeatOf(principal: Principal): SessionPrincipal['seat'] | null {
  return (principal as Partial<SessionPrincipal>).seat ?? null
}

/**
 * Keeps live board connections' rights in step with the session: after a swap or the end,
 * each connection's role and write right are recomputed at once; a replaced link's
 * connections are closed.
 */
export function followSessionPermissions(service: SessionService, lifecycle: RoomLifecycle): void {
  service.onChange((change) => {
    if (change.revokedSeat) {
      for (const connection of lifecycle.connectionsIn(change.sessionId)) {
        if ((connection.principal as SessionPrincipal).seat === change.revokedSeat) {
          connection.close(4401, 'this link was replaced')
        }
      }
    }
    if (!change.permissions) return
    void (async () => {
      for (const connection of lifecycle.connectionsIn(change.sessionId)) {
        const principal = connection.principal as SessionPrincipal
        if (!principal.seat) continue
        principal.role = await service.roleOf(change.sessionId, principal.seat)
        principal.canWrite = await service.canDraw(change.sessionId, principal.seat)
      }
    })()
  })
}
