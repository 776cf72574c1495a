import type { Seat, VoiceState } from '@roofline/shared'

const CONSENT_KEY = 'roofline.voice.consent.'

/**
 * Whether this person has seen that voice is being recorded (this recording, begun at
 * `voice.since`): they turned it on or asked for it themselves, or they acknowledged the
 * notice in this tab. Nobody's microphone is recorded before this is true.
 */
export function hasSeenRecording(sessionId: string, seat: Seat, voice: VoiceState): boolean {
  if (!voice.recording) return false
  if (voice.requestedBy.includes(seat)) return true
  return sessionStorage.getItem(CONSENT_KEY + sessionId) === String(voice.since)
}

/** Remembers (for this tab, so a reload does not ask again) that the notice of this recording was seen. */
export function acknowledgeRecording(sessionId: string, voice: VoiceState): void {
  sessionStorage.setItem(CONSENT_KEY + sessionId, String(voice.since))
}
