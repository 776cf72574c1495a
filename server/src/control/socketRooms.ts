import type { Seat } from '@roofline/shared'

/** What the control socket keeps per connection, set by the handshake check. */
export interface ControlSocketData {
  sessionId: string
  seat: Seat
  /** Set while this connection is in voice: its peer id and whether its microphone is muted. */
  voice?: { peerId: string; muted: boolean } | undefined
}

/** The socket.io room of a session. */
export const sessionRoom = (id: string) => `session:${id}`
/** The socket.io room of one seat of a session: everyone in it gets the same state. */
export const seatRoom = (id: string, seat: Seat) => `session:${id}:${seat}`
