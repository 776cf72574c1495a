import type { SessionSummary } from '@roofline/shared/replay'
import { useEffect, useState } from 'react'
import { ApiError, deleteSession, fetchSessionSummary, importArchive } from '../net/api.ts'
import { formatDateTime, formatMinutes } from '../replay/replayFormat.ts'
import { ReplayLinkMaker } from '../sharing/RecordedBadge.tsx'
import '../replay/replay.css'
import {
  forgetSession,
  type RememberedSession,
  rememberedSessions,
  rememberSession,
  tokenOf,
} from './rememberedSessions.ts'

type Row =
  | { kind: 'loading'; session: RememberedSession }
  | { kind: 'ready'; session: RememberedSession; summary: SessionSummary }
  | { kind: 'gone'; session: RememberedSession; reason: string }

/**
 * `/library`: the sessions this browser created (there are no accounts; their interviewer
 * links are remembered in this browser), each with its template, date, duration and
 * participants; open its replay, share it, or delete it. Archives are imported here too.
 */
export function LibraryPage() {
  const [rows, setRows] = useState<Row[]>(() =>
    rememberedSessions().map((session) => ({ kind: 'loading', session })),
  )
  const [notice, setNotice] = useState<string | null>(null)

  useEffect(() => {
    let cancelled = false
    for (const session of rememberedSessions()) {
      const token = tokenOf(session)
      const settle = (row: Row) => {
        if (!cancelled) setRows((list) => list.map((r) => (r.session.id === session.id ? row : r)))
      }
      if (!token) {
        settle({ kind: 'gone', session, reason: 'Its link has no token.' })
        continue
      }
      fetchSessionSummary(session.id, token).then(
        (summary) => settle({ kind: 'ready', session, summary }),
        (error: unknown) => settle({ kind: 'gone', session, reason: (error as Error).message }),
      )
    }
    return () => {
      cancelled = true
    }
  }, [])

  const remove = async (row: Row) => {
    const token = tokenOf(row.session)
    const label = row.kind === 'ready' ? row.summary.title : 'this session'
    if (
      !window.confirm(`Delete "${label}" for good? The board, its recording, notes and scores are removed.`)
    )
      return
    try {
      if (token && row.kind === 'ready') await deleteSession(row.session.id, token)
    } catch (error) {
      // Already gone on the server: forgetting it here is all that is left to do.
      if (!(error instanceof ApiError && error.status === 404)) {
        setNotice(`Could not delete it: ${(error as Error).message}`)
        return
      }
    }
    forgetSession(row.session.id)
    setRows((list) => list.filter((r) => r.session.id !== row.session.id))
    setNotice('Deleted.')
  }

  return (
    <div className="home">
      <header className="home-header">
        <a className="brand" href="/">
          Roofline
        </a>
      </header>{' '}
      <main className="home-main wide library">
        <h1>Past sessions</h1>
        <p className="lede">
          The sessions created in this browser. Open a replay, share it with the candidate, or delete a
          session with everything recorded of it.
        </p>
        {notice && (
          <p className="hint" role="status">
            {notice}
          </p>
        )}
        {rows.length === 0 ? (
          <p className="hint" data-testid="library-empty">
            No sessions yet. Sessions you create on the start page appear here.
          </p>
        ) : (
          <ul className="library-list" data-testid="library-list">
            {rows.map((row) => (
              <LibraryRow key={row.session.id} row={row} onDelete={() => void remove(row)} />
            ))}
          </ul>
        )}
        <ImportArchive
          onImported={(id, link) => {
            rememberSession({ id, link })
            window.location.assign(new URL(link).pathname + new URL(link).hash)
          }}
        />
      </main>
    </div>
  )
}

function LibraryRow({ row, onDelete }: { row: Row; onDelete(): void }) {
  const [sharing, setSharing] = useState(false)
  const token = tokenOf(row.session)
  const replayHref = token
    ? `/replay/${encodeURIComponent(row.session.id)}#token=${encodeURIComponent(token)}`
    : null
  if (row.kind !== 'ready') {
    return (
      <li className="library-row" data-testid="library-row">
        <div className="library-main">
          <strong>{row.kind === 'loading' ? 'Loading…' : 'Not available'}</strong>
          {row.kind === 'gone' && <span className="hint">{row.reason}</span>}
        </div>
        {row.kind === 'gone' && (
          <button type="button" className="button secondary" onClick={onDelete}>
            Remove from list
          </button>
        )}
      </li>
    )
  }
  const { summary } = row
  const active =
    summary.activeFrom !== null && summary.activeTo !== null ? summary.activeTo - summary.activeFrom : 0
  return (
    <li className="library-row" data-testid="library-row" data-session-id={summary.id}>
      <div className="library-main">
        <strong>{summary.title}</strong>
        <span className="library-meta">
          {formatDateTime(summary.createdAt)} · {summary.mode === 'peer' ? 'Peers' : 'Interview'}:{' '}
          {summary.names.host} and {summary.names.guest} · clock {formatMinutes(summary.clockMs)}
          {active > 0 ? `, active ${formatMinutes(active)}` : ''}
          {summary.endedAt === null ? ' · not ended' : ''}
          {summary.imported ? ' · imported' : ''}
        </span>
        {sharing && token && <ReplayLinkMaker sessionId={summary.id} token={token} />}
      </div>
      <div className="library-actions">
        {replayHref && (
          <a className="button primary" href={replayHref} data-testid="open-replay">
            Replay
          </a>
        )}
        {!summary.imported && (
          <button type="button" className="button secondary" onClick={() => setSharing(!sharing)}>
            Share
          </button>
        )}
        <button type="button" className="button danger" onClick={onDelete} data-testid="delete-session">
          Delete
        </button>
      </div>
    </li>
  )
}

/** Imports a session archive file exported from any Roofline server. */
function ImportArchive({ onImported }: { onImported(id: string, link: string): void }) {
  const [error, setError] = useState<{ message: string; issues: string[] } | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <section className="card library-import" aria-label="Import an archive">
      <h2>Import a session archive</h2>
      <p className="hint">
        A .roofline.zip file (or an older .roofline.json) exported from a replay, on this or another Roofline
        server.
      </p>
      <input
        type="file"
        accept=".zip,.json,application/zip,application/json"
        disabled={busy}
        data-testid="import-archive"
        onChange={async (event) => {
          const file = event.target.files?.[0]
          if (!file) return
          setBusy(true)
          setError(null)
          try {
            const { id, replayLink } = await importArchive(file)
            onImported(id, replayLink)
          } catch (caught) {
            setError({
              message: (caught as Error).message,
              issues: caught instanceof ApiError ? caught.issues : [],
            })
          } finally {
            setBusy(false)
            event.target.value = ''
          }
        }}
      />
      {error && (
        <div className="error" role="alert">
          <p>Could not import it: {error.message}</p>
          {error.issues.length > 0 && (
            <ul>
              {error.issues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  )
}
