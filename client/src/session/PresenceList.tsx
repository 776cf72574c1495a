import type { Participant } from '@roofline/shared'
import './session.css'

/** Who is in the session, their role, and whether they are connected now. */
export function PresenceList({ participants }: { participants: Participant[] }) {
  return (
    <ul className="presence" aria-label="Participants">
      {participants.map((p) => (
        <li key={p.seat} className={p.connected ? 'present' : 'absent'} data-testid={`presence-${p.role}`}>
          <span className="presence-dot" aria-hidden="true" />
          <span className="presence-name">{p.name}</span>
          <span className="presence-role">{p.role}</span>
          <span className="visually-hidden">{p.connected ? 'connected' : 'not connected'}</span>
        </li>
      ))}
    </ul>
  )
}
