import { useState } from 'react'
import { CopyButton } from '../board/CopyButton.tsx'
import { createReplayLink } from '../net/api.ts'
import './replay.css'

/**
 * "● Recorded" in the session's top bar: everyone sees that the board and the session events
 * are recorded. The interviewer can open it to create a replay link to share (with or
 * without their notes and scorecard) or open the replay themselves.
 */
export function RecordedBadge({
  sessionId,
  token,
  isInterviewer,
}: {
  sessionId: string
  token: string
  isInterviewer: boolean
}) {
  const title =
    'The board and the session events (timer, reveals) are recorded. The interviewer can replay the session and share a replay link.'
  if (!isInterviewer) {
    return (
      <span className="recorded-badge" title={title} data-testid="recorded-badge">
        <span aria-hidden="true">●</span> Recorded
      </span>
    )
  }
  return (
    <details className="recorded-menu">
      <summary className="recorded-badge" title={title} data-testid="recorded-badge">
        <span aria-hidden="true">●</span> Recorded
      </summary>
      <div className="recorded-popover">
        <ReplayLinkMaker sessionId={sessionId} token={token} />
        <a
          className="button secondary"
          href={`/replay/${encodeURIComponent(sessionId)}#token=${encodeURIComponent(token)}`}
          target="_blank"
          rel="noreferrer"
        >
          Open the replay
        </a>
      </div>
    </details>
  )
}

/** Creates a replay link: the recording only, optionally with the interviewer's notes and scorecard. */
export function ReplayLinkMaker({ sessionId, token }: { sessionId: string; token: string }) {
  const [includePrivate, setIncludePrivate] = useState(false)
  const [link, setLink] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const create = async () => {
    setBusy(true)
    setError(null)
    try {
      setLink(await createReplayLink(sessionId, token, includePrivate))
    } catch (caught) {
      setError((caught as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="replay-link-maker">
      <label>
        <input
          type="checkbox"
          checked={includePrivate}
          onChange={(event) => {
            setIncludePrivate(event.target.checked)
            setLink(null)
          }}
        />{' '}
        Include my notes and scorecard
      </label>
      {link ? (
        <div className="link-row">
          <input
            readOnly
            value={link}
            aria-label="Replay link"
            data-testid="replay-link"
            onFocus={(e) => e.target.select()}
          />
          <CopyButton text={() => link} label="Copy" />
        </div>
      ) : (
        <button type="button" className="button secondary" onClick={() => void create()} disabled={busy}>
          {busy ? 'Creating…' : 'Create replay link'}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
