import { type CreateSessionResponse, createSessionResponseSchema, type SessionMode } from '@roofline/shared'
import { useEffect, useState } from 'react'
import { CopyButton } from '../board/CopyButton.tsx'

/** A template as the list shows it (no hidden material ever reaches this page). */
export interface TemplateSummary {
  id: string
  title: string
  prompt: string
  tags: string[]
  level: string
  lens: string
}

/** Loads the template list once. */
export function useTemplates(): TemplateSummary[] {
  const [templates, setTemplates] = useState<TemplateSummary[]>([])
  useEffect(() => {
    void fetch('/api/templates')
      .then((response) => (response.ok ? response.json() : []))
      .then((list: TemplateSummary[]) => setTemplates(list))
      .catch(() => setTemplates([]))
  }, [])
  return templates
}

/**
 * Creates an interview (or peer practice) session and shows its three links: the interviewer
 * keeps theirs, sends the candidate link to the candidate, the observer link to a calibrating
 * colleague.
 */
export function CreateSession({ templates }: { templates: TemplateSummary[] }) {
  const [templateId, setTemplateId] = useState('')
  const [mode, setMode] = useState<SessionMode>('interview')
  const [interviewer, setInterviewer] = useState('')
  const [candidate, setCandidate] = useState('')
  const [created, setCreated] = useState<CreateSessionResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const create = async () => {
    setBusy(true)
    setError(null)
    const names = {
      ...(interviewer.trim() ? { interviewer: interviewer.trim() } : {}),
      ...(candidate.trim() ? { candidate: candidate.trim() } : {}),
    }
    try {
      const response = await fetch('/api/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...(templateId ? { templateId } : {}), mode, names }),
      })
      const body = await response.json()
      if (!response.ok)
        throw new Error(body.issues?.join('; ') ?? body.error ?? `the server answered ${response.status}`)
      setCreated(createSessionResponseSchema.parse(body))
    } catch (caught) {
      setError(`Could not create the session: ${(caught as Error).message}`)
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
      <label>
        <span>Prompt</span>
        <select
          value={templateId}
          onChange={(event) => setTemplateId(event.target.value)}
          aria-label="Prompt template"
        >
          <option value="">Default: LLM inference serving at 10k+ QPS</option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
      </label>
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
      <button type="submit" className="button primary" disabled={busy}>
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
