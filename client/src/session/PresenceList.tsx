import type { Participant, Seat } from '@roofline/shared'
import { MicIcon } from '../voice/VoiceBar.tsx'
import '../voice/voice.css'
import './session.css'

/** Who is in the session, their role, whether they are connected now, and who is in voice and speaking. */
export function PresenceList({
  participants,
  inVoice,
  speaking,
}: {
  participants: Participant[]
  inVoice?: ReadonlySet<Seat>
  speaking?: ReadonlySet<Seat>
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
            <span className="presence-mic" title={speaking?.has(p.seat) ? 'Speaking' : 'In voice'}>
              <MicIcon />
            </span>
          )}
          <span className="presence-role">{p.role}</span>
          <span className="visually-hidden">{p.connected ? 'connected' : 'not connected'}</span>
        </li>
      ))}
    </ul>
  )
}
