import { type Report, replayLink, reportBodyHtml, reportCss } from '@roofline/shared/replay'
import { useEffect, useMemo } from 'react'
import { fetchReport } from '../net/api.ts'
import { LoadingPage, ProblemPage } from '../ProblemPage.tsx'
import { exportReport } from '../sharing/replayExports.ts'
import './reportPage.css'
import { useLinkedResource } from './useLinkedResource.ts'

/**
 * `/report/<id>#token=...`: the session report as a page to read, print or save as PDF (A4, no
 * app chrome when printed). Any link that may open the recording opens it; a link made without
 * notes gets a report without scores, verdict and notes (the server leaves them out).
 */
export function ReportPage({ sessionId }: { sessionId: string }) {
  const state = useLinkedResource(sessionId, fetchReport)
  const title = state.kind === 'ready' ? state.value.title : null
  useEffect(() => {
    if (title) document.title = `${title}: interview report · Roofline`
  }, [title])
  if (state.kind === 'no-token') {
    return (
      <ProblemPage
        title="This report link is incomplete"
        detail="The link has no access token. Copy the whole link, including the part after #."
      />
    )
  }
  if (state.kind === 'error')
    return <ProblemPage title="This report cannot be opened" detail={state.message} />
  if (state.kind === 'loading') return <LoadingPage text="Loading the report…" />
  return <ReportView report={state.value} replayHref={replayLink('', sessionId, state.token)} />
}

/** The report with its toolbar; exported so an ended session can show the same page. */
export function ReportView({ report, replayHref }: { report: Report; replayHref: string }) {
  // Every string in the body comes escaped from reportBodyHtml: nothing typed becomes markup.
  const body = useMemo(() => ({ __html: reportBodyHtml(report) }), [report])
  return (
    <div className="report-page">
      <style>{reportCss}</style>
      <nav className="report-toolbar" aria-label="Report actions">
        <a className="brand" href="/">
          Roofline
        </a>
        <span className="spacer" />
        <a className="button secondary" href={replayHref}>
          Open replay
        </a>
        <button type="button" className="button secondary" onClick={() => exportReport(report, 'markdown')}>
          Markdown
        </button>
        <button type="button" className="button secondary" onClick={() => exportReport(report, 'html')}>
          HTML
        </button>
        <button type="button" className="button primary" onClick={() => window.print()}>
          Print / Save as PDF
        </button>
      </nav>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the report's writer escapes every string it prints */}
      <div className="report-sheet" dangerouslySetInnerHTML={body} />
    </div>
  )
}
