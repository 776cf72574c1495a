import { useEffect, useState } from 'react'
import { DefaultPeopleMenuAvatar, type TLUiPeopleMenuAvatarProps, useEditor, usePresence } from 'tldraw'
import { useRoom } from '../room/RoomProvider.tsx'
import { useNow } from '../useNow.ts'
import { idleFor, isIdle } from './idle.ts'
import './roomPresence.css'

/**
 * A collaborator's avatar in tldraw's people menu, faded and marked "idle" after a minute
 * without activity, instead of disappearing: whoever is connected stays listed and followable.
 */
export function IdleAwareAvatar({ userId }: TLUiPeopleMenuAvatarProps) {
  const presence = usePresence(userId)
  // Ticks every 10 s, so the idle mark appears without any other change.
  const now = useNow(10_000)
  if (!presence) return null
  const idle = isIdle(presence.lastActivityTimestamp, now)
  const name = presence.userName || 'Someone'
  return (
    <span
      className="presence-avatar"
      data-idle={idle || undefined}
      data-testid="board-avatar"
      data-name={name}
      title={idle ? `${name}: idle for ${idleFor(now - (presence.lastActivityTimestamp ?? now))}` : name}
    >
      <DefaultPeopleMenuAvatar userId={userId} />
    </span>
  )
}

/**
 * "Bring everyone to my view", beside the people menu: everyone else's board starts following
 * this board's view. Shown only where the page provides the action (the interviewer's).
 */
export function BringEveryoneButton() {
  const bring = useRoom().bringEveryone
  const editor = useEditor()
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  useEffect(() => {
    if (!message || message.error) return
    const timer = setTimeout(() => setMessage(null), 4000)
    return () => clearTimeout(timer)
  }, [message])
  if (!bring) return null
  return (
    <div className="room-lead">
      <button
        type="button"
        className="room-lead__button"
        title="Everyone else's board follows your view until they move it"
        onClick={() =>
          void bring(editor.user.getRecordId()).then((ack) =>
            setMessage(
              ack.ok
                ? { text: 'Everyone now follows your view.', error: false }
                : { text: ack.error ?? 'Could not bring everyone.', error: true },
            ),
          )
        }
      >
        Bring everyone to my view
      </button>
      {message && (
        <p className={message.error ? 'room-lead__error' : 'room-lead__note'} role="status">
          {message.text}
        </p>
      )}
    </div>
  )
}
