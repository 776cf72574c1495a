import {
  type Ack,
  type ClientEventName,
  type ClockPong,
  ControlEvent,
  clientEventSchemas,
  type Seat,
} from '@roofline/shared'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import type { SessionService } from '../sessions/sessionService.ts'

/**
 * Answers one client event: checks its payload against the event's schema, answers a clock
 * ping itself, and hands every other event to the session as a command. Never throws: a
 * failure is logged and acknowledged as one that changed nothing.
 */
export async function handleClientEvent(
  service: SessionService,
  logger: RoomLogger,
  sessionId: string,
  seat: Seat,
  event: ClientEventName,
  payload: unknown,
): Promise<Ack<unknown>> {
  const parsed = clientEventSchemas[event].safeParse(payload)
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')
    logger.warn({ session: sessionId, event, reason }, 'refused invalid event')
    return { ok: false, error: `Invalid ${event}: ${reason}` }
  }
  if (event === ControlEvent.clockPing) {
    const pong: ClockPong = {
      clientSentAt: (parsed.data as { clientSentAt: number }).clientSentAt,
      serverAt: Date.now(),
    }
    return { ok: true, value: pong }
  }
  try {
    const result = await service.command(sessionId, seat, event, parsed.data as never)
    if (!result.ok) logger.info({ session: sessionId, event, seat, reason: result.error }, 'refused command')
    return result
  } catch (error) {
    logger.error({ session: sessionId, event, err: String(error) }, 'command failed')
    return { ok: false, error: 'The server could not do that; nothing was changed.' }
  }
}
