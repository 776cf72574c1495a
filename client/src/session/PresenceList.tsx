import type { Participant, Seat } from '@roofline/shared'
import { MicIcon } from '../voice/VoiceBar.tsx'
import '../voice/voice.css'
import './session.css'

/**
 * Who is in the session, their role, whether they are connected now, and who is in voice,
 * speaking, or in voice without a microphone (`noMic`: their mic struck out).
 */
export function PresenceList({
  participants,
  inVoice,
  speaking,
  noMic,
}: {
  participants: Participant[]
  inVoice?: ReadonlySet<Seat>
  speaking?: ReadonlySet<Seat>
  noMic?: ReadonlySet<Seat>
}) {
  return (
    <ul className="presence" aria-label="Participants">
      {participants.map((p) => (
        <li
          key={p.seat}
          className={`${p.connected ? 'present' : 'absent'}${speaking?.has(p.seat) ? ' is-speaking' : ''}`}
          data-testid={`presence-${p.role}`}
          data-speaking={speaking?.has(p.seat) ?? false}
        >
          <span className="presence-dot" aria-hidden="true" />
          <span className="presence-name">{p.name}</span>
          {inVoice?.has(p.seat) && (
            <span
              className="presence-mic"
              data-no-mic={noMic?.has(p.seat) ?? false}
              title={
                noMic?.has(p.seat)
                  ? 'In voice, no microphone'
                  : speaking?.has(p.seat)
                    ? 'Speaking'
                    : 'In voice'
              }
            >
              <MicIcon off={noMic?.has(p.seat) ?? false} />
            </span>
          )}
          <span className="presence-role">{p.role}</span>
          <span className="visually-hidden">{p.connected ? 'connected' : 'not connected'}</span>
        </li>
      ))}
    </ul>
  )
}
