import { ControlEvent, roleOfSeat, type SessionState } from '@roofline/shared'
import { useState } from 'react'
import type { ControlConnection } from '../net/controlConnection.ts'
import { VoiceBar } from './VoiceBar.tsx'
import type { VoiceRoom, VoiceSnapshot } from './voiceRoom.ts'
import './voice.css'

/** Props shared by the voice parts of the session page. */
export interface VoiceProps {
  room: VoiceRoom | null
  snapshot: VoiceSnapshot | null
  state: SessionState
  control: ControlConnection
}

/**
 * The session top bar's voice controls: the {@link VoiceBar} with the session's settings in
 * its menu (recording, the observer's permission to speak); "Rec" shows to everyone while
 * voices are recorded.
 */
export function VoiceControls({ room, snapshot, state, control }: VoiceProps) {
  if (!room || !snapshot || state.endedAt !== null)
    return <RecordingIndicator state={state} snapshot={snapshot} />
  return (
    <VoiceBar
      room={room}
      snapshot={snapshot}
      listeningHint="You listen; the interviewer can let you speak."
      roleOf={(peer) => (peer.seat ? roleOfSeat(peer.seat, state.swapped) : '')}
      settings={<SessionVoiceSettings state={state} control={control} />}
    >
      <RecordingIndicator state={state} snapshot={snapshot} />
    </VoiceBar>
  )
}

/** "● Recording voice": on while voices are recorded, for everyone (ended sessions too are not recording). */
function RecordingIndicator({ state, snapshot }: { state: SessionState; snapshot: VoiceSnapshot | null }) {
  if (!state.voice.recording || state.endedAt !== null) return null
  const mine = snapshot?.recordingMine === true
  return (
    <span
      className="voice-recording"
      role="status"
      title={
        mine
          ? 'Voices are being recorded, yours included, for the replay.'
          : 'Voices are being recorded for the replay. Yours is recorded only while you are in voice.'
      }
      data-testid="voice-recording"
      data-mine={mine}
    >
      <span className="voice-recording-dot" aria-hidden="true" /> Rec
      <span className="voice-recording-detail">{mine ? ' · your mic' : ' voice'}</span>
    </span>
  )
}

/** The session's part of the voice menu: recording (with consent) and the observer's permission to speak. */
function SessionVoiceSettings({ state, control }: Pick<VoiceProps, 'state' | 'control'>) {
  const [error, setError] = useState<string | null>(null)
  const role = state.you.role
  const send = async (
    event: typeof ControlEvent.voiceRecord | typeof ControlEvent.voiceAllow,
    payload: object,
  ) => {
    const ack = await control.send(event, payload as never)
    setError(ack.ok ? null : ack.error)
  }
  const peerMode = state.mode === 'peer'
  const live = state.endedAt === null
  const asked = state.voice.requestedBy.includes(state.you.seat)
  const other = state.participants.find((p) => p.seat !== state.you.seat && p.seat !== 'observer')
  return (
    <>
      {live && role === 'interviewer' && !peerMode && (
        <label className="voice-toggle">
          <input
            type="checkbox"
            checked={state.voice.recording}
            onChange={(event) => void send(ControlEvent.voiceRecord, { on: event.target.checked })}
            data-testid="voice-record-toggle"
          />{' '}
          Record voices for the replay
        </label>
      )}
      {live && peerMode && state.you.seat !== 'observer' && (
        <label className="voice-toggle">
          <input
            type="checkbox"
            checked={asked}
            onChange={(event) => void send(ControlEvent.voiceRecord, { on: event.target.checked })}
            data-testid="voice-record-toggle"
          />{' '}
          {state.voice.recording
            ? 'Record voices (both agreed)'
            : asked
              ? `Record voices: waiting for ${other?.name ?? 'your peer'} to agree`
              : 'Record voices (both peers must agree)'}
        </label>
      )}
      {role === 'interviewer' && (
        <label className="voice-toggle">
          <input
            type="checkbox"
            checked={state.voice.observerMaySpeak}
            onChange={(event) =>
              void send(ControlEvent.voiceAllow, { seat: 'observer', allowed: event.target.checked })
            }
            data-testid="voice-allow-observer"
          />{' '}
          Let the observer speak
        </label>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  )
}
