import { replayLink, reportLink } from '@roofline/shared/replay'
import { useState } from 'react'
import { CopyButton } from '../board/CopyButton.tsx'
import { createReplayLink, revokeReplayLinks } from '../net/api.ts'
import { usePopoverDetails } from '../usePopoverDetails.ts'
import '../popover.css'
import './recordedBadge.css'

/**
 * "● Recorded" in the session's top bar: everyone sees that the board and the session events
 * are recorded. The interviewer can open it to create a replay link to share (with or
 * without their notes and scorecard) or open the replay or the printable report themselves.
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
  const menu = usePopoverDetails()
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
    <details className="recorded-menu" ref={menu}>
      <summary className="recorded-badge" title={title} data-testid="recorded-badge">
        <span aria-hidden="true">●</span> Recorded
      </summary>
      <div className="recorded-popover">
        <ReplayLinkMaker sessionId={sessionId} token={token} />
        <a
          className="button secondary"
          href={replayLink('', sessionId, token)}
          target="_blank"
          rel="noreferrer"
        >
          Open the replay
        </a>
        <a
          className="button secondary"
          href={reportLink('', sessionId, token)}
          target="_blank"
          rel="noreferrer"
        >
          Open the report
        </a>
      </div>
    </details>
  )
}

/**
 * Creates a replay link: the recording only, optionally with the interviewer's notes and
 * scorecard. A link given out can be replaced (the earlier links of that kind stop working)
 * or every replay link of the session revoked.
 */
export function ReplayLinkMaker({ sessionId, token }: { sessionId: string; token: string }) {
  const [includePrivate, setIncludePrivate] = useState(false)
  const [includeVoices, setIncludeVoices] = useState(false)
  const [link, setLink] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (work: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    setNotice(null)
    try {
      await work()
    } catch (caught) {
      setError((caught as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const create = (replace: boolean) =>
    run(async () => {
      setLink(await createReplayLink(sessionId, token, includePrivate, replace, includeVoices))
      if (replace) setNotice('The earlier links of this kind no longer open the replay.')
    })
  const revoke = () =>
    run(async () => {
      const revoked = await revokeReplayLinks(sessionId, token)
      setLink(null)
      setNotice(
        revoked === 0
          ? 'There was no replay link to revoke.'
          : `Revoked ${revoked} replay link${revoked === 1 ? '' : 's'}: they open nothing now.`,
      )
    })
  return (
    <div className="replay-link-maker">
      {[
        {
          label: 'Include my notes and scorecard',
          checked: includePrivate,
          set: setIncludePrivate,
          id: 'replay-link-notes',
        },
        {
          label: 'Include the recorded voices',
          checked: includeVoices,
          set: setIncludeVoices,
          id: 'replay-link-voices',
        },
      ].map((option) => (
        <label key={option.id}>
          <input
            type="checkbox"
            checked={option.checked}
            onChange={(event) => {
              option.set(event.target.checked)
              // A link made before says what it was made with: a changed option needs a new one.
              setLink(null)
            }}
            data-testid={option.id}
          />{' '}
          {option.label}
        </label>
      ))}
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
        <button type="button" className="button secondary" onClick={() => void create(false)} disabled={busy}>
          {busy ? 'Creating…' : 'Create replay link'}
        </button>
      )}
      <div className="replay-link-actions">
        {link && (
          <button
            type="button"
            className="button secondary"
            onClick={() => void create(true)}
            disabled={busy}
            title="A new link; the links of this kind given out so far stop working"
            data-testid="replace-replay-link"
          >
            Replace link
          </button>
        )}
        <button
          type="button"
          className="button secondary danger"
          onClick={() => void revoke()}
          disabled={busy}
          title="Every replay link of this session stops working; your own link still opens the replay"
          data-testid="revoke-replay-links"
        >
          Revoke all replay links
        </button>
      </div>
      {notice && (
        <p className="panel-hint" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
