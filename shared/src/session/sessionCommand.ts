import { z } from 'zod'
import { type ClientEventName, ControlEvent, clientEventSchemas } from './controlEvents.ts'

/**
 * A control command as the session machine takes it: the control event's name as `type` and
 * its checked payload. One option per acknowledged command a client may send (the clock
 * ping is transport, not a command). To add a command: its name in `ControlEvent`, its payload
 * in `clientEventSchemas`, an option here, a case in `applySessionCommand` (the compiler
 * refuses a missing case).
 */
function command<E extends SessionCommandType>(type: E) {
  return z.strictObject({ type: z.literal(type), payload: clientEventSchemas[type] })
}

/** Names of the control events that are session commands. */
export type SessionCommandType = Exclude<ClientEventName, typeof ControlEvent.clockPing>

/** Every session command, checked: a name not listed here is refused. */
export const sessionCommandSchema = z.discriminatedUnion('type', [
  command(ControlEvent.timerCommand),
  command(ControlEvent.reveal),
  command(ControlEvent.swapRoles),
  command(ControlEvent.chooseTemplate),
  command(ControlEvent.allowExamples),
  command(ControlEvent.end),
  command(ControlEvent.addNote),
  command(ControlEvent.setScore),
  command(ControlEvent.setVerdict),
  command(ControlEvent.rotateLink),
  command(ControlEvent.gather),
  command(ControlEvent.voiceRecord),
  command(ControlEvent.voiceAllow),
])
/** A checked session command. */
export type SessionCommand = z.infer<typeof sessionCommandSchema>
