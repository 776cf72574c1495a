import type { Socket } from 'socket.io'
import { describeValue } from '../limits/valueBounds.ts'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'

/** Refuses one event: logs why and answers its acknowledgement (if any) with `error`. */
export type Refuse = (event: unknown, reason: string, ack: unknown, error: string) => void

/**
 * How a control connection's troubles are handled, with `where` (the session and seat, or the
 * board) in every log line: `closeOnError(what)` closes the socket on a server fault, never
 * the process; `refuse` answers a refused event; a packet socket.io could not decode (it
 * closes the connection) is logged with its reason.
 */
export function socketFaults(
  socket: Socket,
  logger: RoomLogger,
  where: Record<string, unknown>,
): { closeOnError: (what: string) => (error: unknown) => void; refuse: Refuse } {
  // A client can also send an event named "error" itself, so the argument may be anything.
  socket.on('error', (error: unknown) => {
    const reason = describeValue(error instanceof Error ? error.message : error, 200)
    logger.warn({ ...where, reason }, 'refused control packet')
  })
  return {
    closeOnError: (what) => (error) => {
      const reason = `${what}: ${describeValue(error instanceof Error ? error.message : error, 200)}`
      logger.error({ ...where, reason }, 'control connection failed')
      socket.disconnect(true)
    },
    refuse: (event, reason, ack, error) => {
      logger.warn({ ...where, event: describeValue(event, 60), reason }, 'refused event')
      if (typeof ack === 'function') ack({ ok: false, error })
    },
  }
}
