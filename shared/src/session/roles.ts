import { z } from 'zod'

/** What a participant may do. Interviewer and candidate draw; only the interviewer controls. */
export const roles = ['interviewer', 'candidate', 'observer'] as const
/** A participant's role. */
export type Role = (typeof roles)[number]

/**
 * A link's seat in the session. The role of a seat can change (peers swap), the seat cannot:
 * `host` starts as interviewer, `guest` as candidate.
 */
export const seats = ['host', 'guest', 'observer'] as const
/** A link's seat. */
export type Seat = (typeof seats)[number]

/** `interview`: fixed roles. `peer`: two candidates who swap interviewer and candidate between rounds. */
export const sessionModes = ['interview', 'peer'] as const
/** A session's mode. */
export type SessionMode = (typeof sessionModes)[number]

export const seatSchema = z.enum(seats)
export const roleSchema = z.enum(roles)

/**
 * The role a seat holds: the host interviews until the peers swap, then the guest does.
 *
 * @example roleOfSeat('host', true) // 'candidate'
 */
export function roleOfSeat(seat: Seat, swapped: boolean): Role {
  if (seat === 'observer') return 'observer'
  const hostInterviews = !swapped
  return (seat === 'host') === hostInterviews ? 'interviewer' : 'candidate'
}
