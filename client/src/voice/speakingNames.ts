import type { Participant, Seat } from '@roofline/shared'

/**
 * The names of the participants whose seat speaks now. A board cursor knows its person only by
 * the name they joined with (board presence carries no seat), so this is how a cursor learns it
 * should ring; the presence list shows the same name for the same seat.
 */
export function speakingNamesOf(
  participants: readonly Participant[],
  speaking: ReadonlySet<Seat> | undefined,
): ReadonlySet<string> {
  return new Set(participants.filter((p) => speaking?.has(p.seat)).map((p) => p.name))
}
