import type { VoicePeer } from '@roofline/shared'
import { type ReactNode, useEffect, useState } from 'react'
import { useAltShortcut } from '../boardTools/shortcuts.ts'
import { usePopoverDetails } from '../usePopoverDetails.ts'
import { listMicrophones, microphoneProblemText } from './microphone.ts'
import type { VoiceRoom, VoiceSnapshot } from './voiceRoom.ts'
import '../popover.css'
import './voice.css'

/** Mute and unmute: Alt+M (tldraw binds no Alt+letter; the layout uses Alt+P, Alt+B, Alt+N). */
export const muteShortcut = { code: 'KeyM', label: 'Alt+M' } as const

/** What the voice bar of any page (session or scratch board) shows. */
export interface VoiceBarProps {
  room: VoiceRoom
  snapshot: VoiceSnapshot
  /** Why this person only listens, when they have no microphone problem. */
  listeningHint: string
  /** A short label after a roster name (the session role); none on a board. */
  roleOf?: (peer: VoicePeer) => string
  /** The place's own settings in the menu, above "Leave voice" (recording, permissions). */
  settings?: ReactNode
  /** Shown after the controls (the recording indicator). */
  children?: ReactNode
}

/**
 * The top bar's voice controls: "Join voice" (the microphone is asked for only then), then the
 * microphone's mute toggle (Alt+M), or "Listening" / "Mic blocked" without one, and a menu
 * with who is in voice (a ring on whoever speaks), the device, the place's settings and Leave.
 */
export function VoiceBar({ room, snapshot, listeningHint, roleOf, settings, children }: VoiceBarProps) {
  const joined = snapshot.phase === 'joined'
  const canMute = joined && snapshot.hasMicrophone
  useAltShortcut(muteShortcut.code, () => room.setMuted(!snapshot.muted), canMute)
  const speaking = snapshot.you !== null && snapshot.speakingPeers.has(snapshot.you)
  return (
    <span className="voice-controls" data-testid="voice-controls" data-phase={snapshot.phase}>
      {!joined ? (
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
          className={`voice-mute ${snapshot.muted ? 'is-muted' : ''} ${speaking ? 'is-speaking' : ''}`}
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
          title={snapshot.problem ? microphoneProblemText[snapshot.problem] : listeningHint}
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
      {joined && <VoiceMenu room={room} snapshot={snapshot} roleOf={roleOf} settings={settings} />}
      {children}
    </span>
  )
}

/** The menu beside the microphone: who is in voice, the device, the place's settings, leaving. */
function VoiceMenu({
  room,
  snapshot,
  roleOf,
  settings,
}: Pick<VoiceBarProps, 'room' | 'snapshot' | 'roleOf' | 'settings'>) {
  const menu = usePopoverDetails()
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([])
  useEffect(() => {
    if (snapshot.hasMicrophone) void listMicrophones().then(setDevices)
  }, [snapshot.hasMicrophone])
  const me = snapshot.peers.find((peer) => peer.peerId === snapshot.you)
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
              className={snapshot.speakingPeers.has(peer.peerId) ? 'is-speaking' : ''}
              data-testid={`voice-roster-${peer.seat ?? 'peer'}`}
              data-may-speak={peer.maySpeak}
              data-no-mic={peer.noMic === true}
              title={peer.noMic ? `${peer.name} has no microphone and listens` : undefined}
            >
              {peer.muted || peer.noMic || !peer.maySpeak ? <MicIcon off /> : <MicIcon />} {peer.name}
              {roleOf && (
                <>
                  {' '}
                  <span className="voice-roster-role">{roleOf(peer)}</span>
                </>
              )}
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
        {me?.maySpeak && !snapshot.hasMicrophone && !snapshot.problem && (
          <button
            type="button"
            className="button primary"
            onClick={() => void room.startSpeaking()}
            data-testid="voice-start-speaking"
          >
            Turn on my microphone
          </button>
        )}
        {settings}
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
