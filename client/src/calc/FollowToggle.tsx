import './calcPanel.css'
/** Props of the follow switch. */
export interface FollowToggleProps {
  follow: boolean
  /** Who opened the room's calculator last; null before anyone did. */
  leader: string | null
  /** This person's name: their own opening reads "opened by you". */
  you: string
  onChange(follow: boolean): void
}

/**
 * "Follow the room": on, the panel shows the calculator whoever changed it last opened; off,
 * this person looks around on their own.
 */
export function FollowToggle({ follow, leader, you, onChange }: FollowToggleProps) {
  return (
    <label
      className="calc-follow"
      title="On: the panel shows the calculator whoever last changed it opened, and yours opens for them. Off: your own view."
    >
      <input
        type="checkbox"
        checked={follow}
        data-testid="calc-follow"
        onChange={(event) => onChange(event.target.checked)}
      />{' '}
      Follow the room
      {follow && leader && (
        <span className="calc-follow-leader" data-testid="calc-follow-leader">
          {' '}
          · opened by {leader === you ? 'you' : leader}
        </span>
      )}
    </label>
  )
}
