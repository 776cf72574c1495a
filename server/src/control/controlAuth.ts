import { isRoomId } from '@roofline/shared'
import type { Server } from 'socket.io'
import { describeValue } from '../limits/valueBounds.ts'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import { SessionError } from '../sessionError.ts'
import type { SessionService } from '../sessions/sessionService.ts'
import type { ControlSocketData } from './socketRooms.ts'

/**
 * Admits a control connection only with a link of the session its handshake names
 * (`{sessionId, token}`); the seat the link opens goes into the socket's data. A refusal is
 * logged and reaches the client as the handshake's error.
 */
export function authenticateHandshakes(io: Server, service: SessionService, logger: RoomLogger): void {
  io.use(async (socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { sessionId?: unknown; token?: unknown }
    try {
      if (!isRoomId(auth.sessionId)) throw new SessionError(400, 'This is not a valid session link.')
      if (!(await service.exists(auth.sessionId))) throw new SessionError(404, 'There is no such session.')
      const seat = await service.authenticate(
        auth.sessionId,
        typeof auth.token === 'string' ? auth.token : null,
      )
      const data: ControlSocketData = { sessionId: auth.sessionId, seat }
      socket.data = data
      next()
    } catch (error) {
      const message = error instanceof SessionError ? error.message : 'The connection was refused.'
      logger.warn({ session: describeValue(auth.sessionId), reason: message }, 'refused control connection')
      next(new Error(message))
    }
  })
}
