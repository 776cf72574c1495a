import type { Gathered } from '@roofline/shared'
import { useEffect, useState } from 'react'
import { type Editor, type TLUserId, useValue } from 'tldraw'
import type { ControlConnection } from '../net/controlConnection.ts'
import './session.css'

/**
 * When the interviewer brings everyone to their view, this board starts following theirs, and
 * says so: who brought everyone, that this board follows them now, and how to stop (move the
 * board, as with any follow, or press Stop following). The notice goes when the following does.
 */
export function GatherNotice({ control, editor }: { control: ControlConnection; editor: Editor | null }) {
  const [gathered, setGathered] = useState<Gathered | null>(null)
  useEffect(() => {
    if (!editor) return
    return control.onGathered((next) => {
      editor.startFollowingUser(next.boardUserId as TLUserId)
      setGathered(next)
    })
  }, [control, editor])
  const following = useValue('following', () => editor?.getInstanceState().followingUserId ?? null, [editor])
  if (!editor || !gathered) return null
  if (following !== gathered.boardUserId) {
    // tldraw did not start following: the leader's board is not connected (yet).
    return following === null && !editor.getCollaborators().some((c) => c.userId === gathered.boardUserId) ? (
      <div className="gather-notice" role="status" data-testid="gather-notice">
        {gathered.byName} brought everyone to their view, but their board is not connected here.
        <button type="button" className="button secondary" onClick={() => setGathered(null)}>
          Dismiss
        </button>
      </div>
    ) : null
  }
  return (
    <div className="gather-notice" role="status" data-testid="gather-notice">
      {gathered.byName} brought everyone to their view: you are following {gathered.byName}. Move the board to
      look around on your own.
      <button type="button" className="button secondary" onClick={() => editor.stopFollowingUser()}>
        Stop following
      </button>
    </div>
  )
}
