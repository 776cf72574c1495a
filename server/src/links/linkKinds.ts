import { type Seat, seatSchema } from '@roofline/shared'

/**
 * What a link token opens. A seat link opens the live session in that seat (and, for a seat
 * that interviewed, its recording); a replay link opens only the recording, with the notes
 * and scorecard of one seat's rounds when it was shared with them.
 */
export type LinkKind =
  | { kind: 'seat'; seat: Seat }
  /** `voices`: the link also plays the recorded voices (absent: it never gets audio or speech levels). */
  | { kind: 'replay'; privateOf: Seat | null; voices?: true }

/**
 * A replay link's column names: `replay`, or `replay+host` / `replay+guest` shared with that
 * seat's notes; either followed by `+voices` when it carries the recorded voices.
 */
const REPLAY = 'replay'
const VOICES = 'voices'

/**
 * How storage names a link's kind (its `seat` column). The names are those of the first
 * format, so every database written since reads on; nothing but this module and
 * {@link parseLinkColumn} knows them.
 */
export function linkColumn(link: LinkKind): string {
  if (link.kind === 'seat') return link.seat
  const base = link.privateOf ? `${REPLAY}+${link.privateOf}` : REPLAY
  return link.voices ? `${base}+${VOICES}` : base
}

/** The kind a stored `seat` column names, or null for a name no link has. */
export function parseLinkColumn(column: string): LinkKind | null {
  const seat = seatSchema.safeParse(column)
  if (seat.success) return { kind: 'seat', seat: seat.data }
  const parts = column.split('+')
  const voices = parts.length > 1 && parts.at(-1) === VOICES
  if (voices) parts.pop()
  const [prefix, of, ...rest] = parts
  if (prefix !== REPLAY || rest.length > 0) return null
  const withVoices = voices ? ({ voices: true } as const) : {}
  if (of === undefined) return { kind: 'replay', privateOf: null, ...withVoices }
  const privateOf = seatSchema.safeParse(of)
  return privateOf.success && privateOf.data !== 'observer'
    ? { kind: 'replay', privateOf: privateOf.data, ...withVoices }
    : null
}

/** Every kind of replay link, with or without a seat's notes (to revoke them all). */
export const everyReplayLink: readonly LinkKind[] = [
  { kind: 'replay', privateOf: null },
  { kind: 'replay', privateOf: 'host' },
  { kind: 'replay', privateOf: 'guest' },
  { kind: 'replay', privateOf: null, voices: true },
  { kind: 'replay', privateOf: 'host', voices: true },
  { kind: 'replay', privateOf: 'guest', voices: true },
]
