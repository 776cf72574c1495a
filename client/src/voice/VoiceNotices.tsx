import { roleOfSeat } from '@roofline/shared'
import { useEffect, useState } from 'react'
import { microphoneProblemText } from './microphone.ts'
import { acknowledgeRecording, hasSeenRecording } from './recordingConsent.ts'
import type { VoiceProps } from './VoiceControls.tsx'
import './voice.css'

/**
 * The notices under the top bar: that voices are being recorded (before this person's
 * microphone is: recording it waits for "Continue"), and why the microphone could not be used.
 * Also starts and stops this person's recording as consent and the session's state change.
 */
export function VoiceNotices({ room, snapshot, state }: Omit<VoiceProps, 'control'>) {
  const sessionId = state.id
  // Consent lives in sessionStorage; this re-renders once it is given.
  const [, setSeenAt] = useState(0)
  const seen = hasSeenRecording(sessionId, state.you.seat, state.voice)
  const live = state.endedAt === null
  useEffect(() => {
    room?.setRecording(live && seen, state.voice.since)
  }, [room, live, seen, state.voice.since])

  const who = state.voice.requestedBy
    .map((seat) => state.participants.find((p) => p.seat === seat)?.name ?? roleOfSeat(seat, state.swapped))
    .join(' and ')
  return (
    <>
      {live && state.voice.recording && !seen && (
        <div
          className="session-banner voice-consent"
          role="alertdialog"
          aria-label="Voice recording"
          data-testid="voice-consent"
        >
          <span className="voice-recording-dot" aria-hidden="true" />
          <span>
            <strong>Voices are being recorded</strong> for the replay ({who} turned it on).
            {snapshot?.phase === 'joined'
              ? ' Your microphone is recorded once you continue; leave voice if you do not agree.'
              : ' If you join voice, your microphone is recorded too.'}
          </span>
          <button
            type="button"
            className="button primary"
            onClick={() => {
              acknowledgeRecording(sessionId, state.voice)
              setSeenAt(Date.now())
            }}
            data-testid="voice-consent-accept"
          >
            {snapshot?.phase === 'joined' ? 'Continue, record my voice' : 'I understand'}
          </button>
          {snapshot?.phase === 'joined' && (
            <button type="button" className="button secondary" onClick={() => void room?.leave()}>
              Leave voice
            </button>
          )}
        </div>
      )}
      <MicrophoneProblem room={room} snapshot={snapshot} />
    </>
  )
}

/**
 * Why the microphone could not be used (blocked or missing), with Try again and Dismiss; shown
 * once this person tried to join voice. Sessions and scratch boards alike.
 */
export function MicrophoneProblem({ room, snapshot }: Pick<VoiceProps, 'room' | 'snapshot'>) {
  const [hiddenProblem, setHiddenProblem] = useState<string | null>(null)
  const problem = snapshot?.phase === 'off' && !snapshot.error ? null : (snapshot?.problem ?? null)
  if (!problem || hiddenProblem === problem) return null
  return (
    <div className="session-banner voice-problem-banner" role="alert" data-testid="voice-problem">
      <span>
        <strong>{problem === 'denied' ? 'Microphone blocked.' : 'No microphone.'}</strong>{' '}
        {microphoneProblemText[problem]}
        {snapshot?.phase === 'joined' ? ' You are in voice and hear the others.' : ''}
      </span>
      <button type="button" className="button secondary" onClick={() => void room?.join()}>
        Try again
      </button>
      <button type="button" className="button secondary" onClick={() => setHiddenProblem(problem)}>
        Dismiss
      </button>
    </div>
  )
}
