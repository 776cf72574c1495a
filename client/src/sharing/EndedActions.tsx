import { replayLink, reportLink } from '@roofline/shared/replay'
import { useState } from 'react'
import { fetchArchiveZip, fetchRecordingOutline, fetchReport } from '../net/api.ts'
import { exportArchive, exportReport } from './replayExports.ts'
import './endedActions.css'

/**
 * What the interviewer does once a session has ended, in plain sight beside the "ended"
 * notice: open the replay or the printable report, download the report or the session archive. (The same are in the
 * "● Recorded" menu and the replay's Export menu; here nobody has to know where to look.)
 */
export function EndedActions({ sessionId, token }: { sessionId: string; token: string }) {
  const [busy, setBusy] = useState<'report' | 'archive' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const run = async (what: 'report' | 'archive', work: () => Promise<void>) => {
    setBusy(what)
    setError(null)
    try {
      await work()
    } catch (caught) {
      setError(`Could not export the ${what}: ${(caught as Error).message}`)
    } finally {
      setBusy(null)
    }
  }
  return (
    <span className="ended-actions">
      <a className="button primary" href={replayLink('', sessionId, token)} target="_blank" rel="noreferrer">
        Open replay
      </a>
      <a
        className="button secondary"
        href={reportLink('', sessionId, token)}
        target="_blank"
        rel="noreferrer"
      >
        Open report
      </a>
      <button
        type="button"
        className="button secondary"
        disabled={busy !== null}
        onClick={() =>
          void run('report', async () => exportReport(await fetchReport(sessionId, token), 'markdown'))
        }
      >
        {busy === 'report' ? 'Preparing…' : 'Export report (Markdown)'}
      </button>
      <button
        type="button"
        className="button secondary"
        disabled={busy !== null}
        onClick={() =>
          void run('archive', async () => {
            // The outline names the file (title and date); the zip is what the server packs for this link.
            const [outline, zip] = await Promise.all([
              fetchRecordingOutline(sessionId, token),
              fetchArchiveZip(sessionId, token),
            ])
            exportArchive(outline, zip)
          })
        }
      >
        {busy === 'archive' ? 'Preparing…' : 'Export archive (.zip)'}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  )
}
