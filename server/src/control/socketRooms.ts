import type { Seat } from '@roofline/shared'
import type { VoiceSocketData } from './voiceRelay.ts'

/** What the control socket keeps per connection, set by the handshake check. */
export interface ControlSocketData extends VoiceSocketData {
  sessionId: string
  seat: Seat
}

/** The socket.io room of a session. */
export const sessionRoom = (id: string) => `session:${id}`
/** The socket.io room of one seat of a session: everyone in it gets the same state. */
export const seatRoom = (id: string, seat: Seat) => `session:${id}:${seat}`
