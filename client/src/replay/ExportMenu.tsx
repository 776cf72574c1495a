import type { RecordingOutline, Report } from '@roofline/shared/replay'
import { useState } from 'react'
import { useRoom } from '../room/RoomProvider.tsx'
import { exportArchive, exportBoardImage, exportReport } from '../sharing/replayExports.ts'
import { usePopoverDetails } from '../usePopoverDetails.ts'
import './replay.css'

/** Downloads: the archive, the board now as PNG or SVG, the Markdown report (the printable one is the header's Report). */
export function ExportMenu({
  outline,
  fetchArchive,
  fetchReport,
  at,
}: {
  outline: RecordingOutline
  fetchArchive(): Promise<Blob>
  fetchReport(): Promise<Report>
  at: number
}) {
  const { editor } = useRoom()
  const menu = usePopoverDetails()
  const [message, setMessage] = useState<string | null>(null)
  // The archive is the whole recording: fetched only when asked for, which takes a moment.
  const [preparing, setPreparing] = useState(false)
  const image = async (format: 'png' | 'svg') => {
    if (!editor) return
    try {
      const done = await exportBoardImage(editor, outline, format, at)
      setMessage(done ? null : 'The board is empty at this moment.')
    } catch (error) {
      setMessage(`Could not export the board: ${(error as Error).message}`)
    }
  }
  /** Fetches what the file is made of (the whole recording, or the report), then writes it. */
  const fetchThenWrite = async <T,>(what: string, fetch: () => Promise<T>, write: (value: T) => void) => {
    setMessage(null)
    setPreparing(true)
    try {
      write(await fetch())
    } catch (error) {
      setMessage(`Could not export the ${what}: ${(error as Error).message}`)
    } finally {
      setPreparing(false)
    }
  }
  const archive = () => fetchThenWrite('archive', fetchArchive, (zip) => exportArchive(outline, zip))
  // The server's report names the guides by their titles (the recording keeps file names).
  const report = () => fetchThenWrite('report', fetchReport, (built) => exportReport(built, 'markdown'))
  return (
    <details className="export-menu" ref={menu}>
      <summary className="button secondary">Export</summary>
      <div className="export-items" role="menu">
        <button type="button" role="menuitem" onClick={() => void archive()} disabled={preparing}>
          {preparing ? 'Preparing the archive…' : 'Session archive (.zip)'}
        </button>
        <button type="button" role="menuitem" onClick={() => void image('png')}>
          Board now as PNG
        </button>
        <button type="button" role="menuitem" onClick={() => void image('svg')}>
          Board now as SVG
        </button>
        <button type="button" role="menuitem" onClick={() => void report()} disabled={preparing}>
          Report (Markdown)
        </button>
        {message && <p className="error">{message}</p>}
      </div>
    </details>
  )
}
