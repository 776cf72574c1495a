import type { CreateSessionResponse, SessionMode, TemplateSummary } from '@roofline/shared'
import { useState } from 'react'
import { CopyButton } from '../board/CopyButton.tsx'
import { rememberSession } from '../library/rememberedSessions.ts'
import { ApiError, createSession, setServerSecret } from '../net/api.ts'
import './home.css'

/**
 * Creates an interview (or peer practice) session and shows its three links: the interviewer
 * keeps theirs, sends the candidate link to the candidate, the observer link to a calibrating
 * colleague.
 */
export function CreateSession({ template }: { template: TemplateSummary | null }) {
  const [mode, setMode] = useState<SessionMode>('interview')
  const [interviewer, setInterviewer] = useState('')
  const [candidate, setCandidate] = useState('')
  const [created, setCreated] = useState<CreateSessionResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [needsSecret, setNeedsSecret] = useState(false)
  const [secret, setSecret] = useState('')

  const create = async () => {
    setBusy(true)
    setError(null)
    const names = {
      ...(interviewer.trim() ? { interviewer: interviewer.trim() } : {}),
      ...(candidate.trim() ? { candidate: candidate.trim() } : {}),
    }
    try {
      if (needsSecret) setServerSecret(secret)
      const response = await createSession({ ...(template ? { templateId: template.id } : {}), mode, names })
      rememberSession({ id: response.id, link: response.links.interviewer })
      setCreated(response)
    } catch (caught) {
      if (caught instanceof ApiError && caught.needsSecret) setNeedsSecret(true)
      const detail =
        caught instanceof ApiError && caught.issues.length > 0
          ? caught.issues.join('; ')
          : (caught as Error).message
      setError(`Could not create the session: ${detail}`)
    } finally {
      setBusy(false)
    }
  }

  if (created) {
    const rows: Array<[string, string, string]> = [
      [
        mode === 'peer' ? 'Peer A (interviews first)' : 'Interviewer (keep this one)',
        created.links.interviewer,
        'interviewer',
      ],
      [mode === 'peer' ? 'Peer B' : 'Candidate', created.links.candidate, 'candidate'],
      ['Observer (read-only)', created.links.observer, 'observer'],
    ]
    return (
      <section className="card session-links" aria-label="Session links" data-testid="session-links">
        <h2>Session ready</h2>
        <p className="hint">
          Each link opens the session in its role. Anyone with a link has that role: share them privately.
        </p>
        {rows.map(([label, link, role]) => (
          <div key={role} className="link-row">
            <span className="link-label">{label}</span>
            <input
              readOnly
              value={link}
              aria-label={`${role} link`}
              data-testid={`link-${role}`}
              onFocus={(e) => e.target.select()}
            />
            <CopyButton text={() => link} label="Copy" />
          </div>
        ))}
        <a className="button primary" href={created.links.interviewer}>
          Open as {mode === 'peer' ? 'peer A' : 'interviewer'}
        </a>
      </section>
    )
  }

  return (
    <form
      className="card create-session"
      aria-label="New interview session"
      onSubmit={(event) => {
        event.preventDefault()
        void create()
      }}
    >
      <h2>New interview session</h2>
      <p className="chosen-template" data-testid="chosen-template">
        <span>Prompt</span>
        <strong>{template?.title ?? 'Pick a prompt from the list'}</strong>
      </p>
      <div className="form-row">
        <label>
          <span>{mode === 'peer' ? 'Peer A' : 'Interviewer'}</span>
          <input
            value={interviewer}
            onChange={(e) => setInterviewer(e.target.value)}
            maxLength={40}
            placeholder="Name"
          />
        </label>
        <label>
          <span>{mode === 'peer' ? 'Peer B' : 'Candidate'}</span>
          <input
            value={candidate}
            onChange={(e) => setCandidate(e.target.value)}
            maxLength={40}
            placeholder="Name"
          />
        </label>
      </div>
      <fieldset className="mode">
        <legend>Mode</legend>
        <label>
          <input
            type="radio"
            name="mode"
            checked={mode === 'interview'}
            onChange={() => setMode('interview')}
          />{' '}
          Mock interview
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'peer'} onChange={() => setMode('peer')} /> Peer
          practice (swap roles between rounds)
        </label>
      </fieldset>
      {needsSecret && (
        <label>
          <span>Server access secret</span>
          <input
            type="password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="off"
          />
        </label>
      )}
      <button type="submit" className="button primary" disabled={busy || !template}>
        {busy ? 'Creating…' : 'Create session'}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
