import { ControlEvent, roleOfSeat, type SessionState } from '@roofline/shared'
import { useEffect, useState } from 'react'
import { useAltShortcut } from '../boardTools/shortcuts.ts'
import type { ControlConnection } from '../net/controlConnection.ts'
import { usePopoverDetails } from '../usePopoverDetails.ts'
import { listMicrophones, microphoneProblemText } from './microphone.ts'
import type { VoiceRoom, VoiceSnapshot } from './voiceRoom.ts'
import '../popover.css'
import './voice.css'

/** Mute and unmute: Alt+M (tldraw binds no Alt+letter; the layout uses Alt+P, Alt+B, Alt+N). */
export const muteShortcut = { code: 'KeyM', label: 'Alt+M' } as const

/** Props shared by the voice parts of the session page. */
export interface VoiceProps {
  room: VoiceRoom | null
  snapshot: VoiceSnapshot | null
  state: SessionState
  control: ControlConnection
}

/**
 * The top bar's voice controls: "Join voice" (the microphone is asked for only then), then the
 * microphone's mute toggle (Alt+M) and a menu with the device, recording and the observer's
 * permission to speak; "Recording voice" shows to everyone while voices are recorded.
 */
export function VoiceControls({ room, snapshot, state, control }: VoiceProps) {
  const joined = snapshot?.phase === 'joined'
  const canMute = joined && snapshot.hasMicrophone
  useAltShortcut(muteShortcut.code, () => room?.setMuted(!snapshot?.muted), canMute)
  if (!room || !snapshot || state.endedAt !== null)
    return <RecordingIndicator state={state} snapshot={snapshot} />
  return (
    <span className="voice-controls" data-testid="voice-controls" data-phase={snapshot.phase}>
      {snapshot.phase !== 'joined' ? (
        <button
          type="button"
          className="button secondary voice-join"
          onClick={() => void room.join()}
          disabled={snapshot.phase === 'joining'}
          title={snapshot.error ?? 'Talk with the others here; your browser asks for the microphone.'}
          aria-label="Join voice"
          data-testid="voice-join"
        >
          <MicIcon />{' '}
          <span className="voice-join-label">{snapshot.phase === 'joining' ? 'Joining…' : 'Join voice'}</span>
        </button>
      ) : canMute ? (
        <button
          type="button"
          className={`voice-mute ${snapshot.muted ? 'is-muted' : ''} ${snapshot.speaking.has(state.you.seat) ? 'is-speaking' : ''}`}
          aria-pressed={snapshot.muted}
          aria-label="Mute"
          aria-keyshortcuts="Alt+M"
          title={`${snapshot.muted ? 'Unmute' : 'Mute'} your microphone (${muteShortcut.label})`}
          onClick={() => room.setMuted(!snapshot.muted)}
          data-testid="voice-mute"
        >
          {snapshot.muted ? <MicIcon off /> : <MicIcon />}
          <span className="voice-mute-label">{snapshot.muted ? 'Muted' : 'Mic on'}</span>
        </button>
      ) : (
        <span
          className={`voice-listening ${snapshot.problem ? 'has-problem' : ''}`}
          title={
            snapshot.problem
              ? microphoneProblemText[snapshot.problem]
              : 'You listen; the interviewer can let you speak.'
          }
          role="status"
          aria-label={
            snapshot.problem === 'denied'
              ? 'Microphone blocked'
              : snapshot.problem
                ? 'No microphone'
                : 'Listening'
          }
          data-testid="voice-listening"
          data-problem={snapshot.problem ?? ''}
        >
          <MicIcon off />{' '}
          <span className="voice-listening-label">
            {snapshot.problem === 'denied' ? 'Mic blocked' : snapshot.problem ? 'No mic' : 'Listening'}
          </span>
        </span>
      )}
      {joined && snapshot.soundBlocked && (
        <button type="button" className="button primary voice-join" onClick={() => room.resumeSound()}>
          Play sound
        </button>
      )}
      {joined && <VoiceMenu room={room} snapshot={snapshot} state={state} control={control} />}
      <RecordingIndicator state={state} snapshot={snapshot} />
    </span>
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

/** The menu beside the microphone: device, who is in voice, recording, the observer, leaving. */
function VoiceMenu({
  room,
  snapshot,
  state,
  control,
}: Required<VoiceProps> & { room: VoiceRoom; snapshot: VoiceSnapshot }) {
  const menu = usePopoverDetails()
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([])
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (snapshot.hasMicrophone) void listMicrophones().then(setDevices)
  }, [snapshot.hasMicrophone])
  const role = state.you.role
  const me = snapshot.peers.find((peer) => peer.peerId === snapshot.you)
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
    <details className="voice-menu" ref={menu}>
      <summary className="voice-menu-toggle" aria-label="Voice settings" data-testid="voice-menu">
        ▾
      </summary>
      <div className="recorded-popover voice-popover">
        <p className="voice-popover-title">In voice</p>
        <ul className="voice-roster">
          {snapshot.peers.map((peer) => (
            <li
              key={peer.peerId}
              className={snapshot.speaking.has(peer.seat) ? 'is-speaking' : ''}
              data-testid={`voice-roster-${peer.seat}`}
              data-may-speak={peer.maySpeak}
            >
              {peer.muted || (!peer.maySpeak && peer.seat === 'observer') ? <MicIcon off /> : <MicIcon />}{' '}
              {peer.name} <span className="voice-roster-role">{roleOfSeat(peer.seat, state.swapped)}</span>
            </li>
          ))}
        </ul>
        {snapshot.problem && <p className="voice-problem">{microphoneProblemText[snapshot.problem]}</p>}
        {snapshot.hasMicrophone && devices.length > 0 && (
          <label className="voice-device">
            Microphone
            <select
              value={snapshot.deviceId ?? ''}
              onChange={(event) => void room.chooseDevice(event.target.value)}
              data-testid="voice-device"
            >
              {devices.map((device, i) => (
                <option key={device.deviceId} value={device.deviceId}>
                  {device.label || `Microphone ${i + 1}`}
                </option>
              ))}
            </select>
          </label>
        )}
        {me?.seat === 'observer' && me.maySpeak && !snapshot.hasMicrophone && !snapshot.problem && (
          <button
            type="button"
            className="button primary"
            onClick={() => void room.startSpeaking()}
            data-testid="voice-start-speaking"
          >
            Turn on my microphone
          </button>
        )}
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
        <button
          type="button"
          className="button secondary"
          onClick={() => void room.leave()}
          data-testid="voice-leave"
        >
          Leave voice
        </button>
      </div>
    </details>
  )
}

/** A microphone; struck out with `off`. */
export function MicIcon({ off = false }: { off?: boolean }) {
  return (
    <svg className="voice-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <path
        d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2z"
        fill="currentColor"
        opacity={off ? 0.45 : 1}
      />
      {off && <path d="M4 3l17 17" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />}
    </svg>
  )
}
