import { roleOfSeat, type Seat, type SessionMode } from './roles.ts'
import type { VoiceState } from './voiceEvents.ts'

/** The part of a session that decides who may turn voice recording on. */
export interface ConsentContext {
  mode: SessionMode
  swapped: boolean
  endedAt: number | null
}

/**
 * The voice state after `seat` asked to turn recording `on` (or off) at `now`, or why it may
 * not. Interview mode: only the interviewer decides. Peer mode: each peer asks for itself and
 * recording starts only when both asked (both consent to being recorded); either one's "off"
 * stops it at once (withdrawing consent never waits for the other).
 *
 * @example
 * requestRecording({ mode: 'peer', swapped: false, endedAt: null }, initialVoiceState, 'host', true, 5)
 * // { recording: false, since: null, requestedBy: ['host'], observerMaySpeak: false }
 */
export function requestRecording(
  session: ConsentContext,
  voice: VoiceState,
  seat: Seat,
  on: boolean,
  now: number,
): VoiceState | string {
  if (session.endedAt !== null) return 'This session has ended.'
  if (seat === 'observer') return 'An observer cannot turn recording on or off.'
  if (session.mode === 'interview') {
    const role = roleOfSeat(seat, session.swapped)
    if (role !== 'interviewer') return `Only the interviewer can do that; you are the ${role}.`
    if (voice.recording === on)
      return on ? 'Voice is already being recorded.' : 'Voice is not being recorded.'
    return on
      ? { ...voice, recording: true, since: now, requestedBy: [seat] }
      : { ...voice, recording: false, since: null, requestedBy: [], stoppedAt: now }
  }
  const asked = voice.requestedBy.includes(seat)
  if (asked === on) return on ? 'You already asked to record.' : 'You have not asked to record.'
  const requestedBy = on ? [...voice.requestedBy, seat] : voice.requestedBy.filter((s) => s !== seat)
  const recording = requestedBy.includes('host') && requestedBy.includes('guest')
  const stoppedAt = voice.recording && !recording ? now : voice.stoppedAt
  return { ...voice, requestedBy, recording, since: recording ? (voice.since ?? now) : null, stoppedAt }
}
