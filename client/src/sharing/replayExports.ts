import { type Recording, type Report, reportHtml, reportMarkdown } from '@roofline/shared/replay'
import type { Editor } from 'tldraw'

/** Offers `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** A file name for this recording: `roofline-<title>-<date>`, safe on every file system. */
export function baseName(recording: Pick<Recording, 'session'>): string {
  const { session } = recording
  return fileBase(session.templates.find((t) => t.id === session.startTemplateId)?.title, session.createdAt)
}

/** `roofline-<title>-<date>` for a session's title and creation time. */
function fileBase(title: string | undefined, createdAt: number): string {
  const slug = (title ?? 'session')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
  const date = new Date(createdAt).toISOString().slice(0, 10)
  return `roofline-${slug || 'session'}-${date}`
}

/**
 * The session archive as the server packs it for this link (a zip: the recording, with notes
 * and scorecard and the recorded voices only if this link may read them), one file another
 * Roofline server imports.
 */
export function exportArchive(recording: Pick<Recording, 'session'>, zip: Blob): void {
  download(zip, `${baseName(recording)}.roofline.zip`)
}

/**
 * The report as a file: Markdown, or the standalone printable HTML page. Built from the
 * recording this browser may read, so a link without notes writes a report without them.
 */
export function exportReport(report: Report, format: 'markdown' | 'html'): void {
  const name = fileBase(report.title, report.createdAt)
  if (format === 'html')
    download(new Blob([reportHtml(report)], { type: 'text/html' }), `${name}-report.html`)
  else download(new Blob([reportMarkdown(report)], { type: 'text/markdown' }), `${name}-report.md`)
}

/**
 * The board as it is shown (the replay's current instant), as PNG or SVG.
 *
 * @returns false when the board is empty at this instant.
 */
export async function exportBoardImage(
  editor: Editor,
  recording: Pick<Recording, 'session'>,
  format: 'png' | 'svg',
  at: number,
): Promise<boolean> {
  const shapes = [...editor.getCurrentPageShapeIds()]
  if (shapes.length === 0) return false
  const stamp = new Date(at).toISOString().slice(11, 19).replace(/:/g, '')
  const name = `${baseName(recording)}-${stamp}.${format}`
  if (format === 'svg') {
    const result = await editor.getSvgString(shapes, { background: true, padding: 32 })
    if (!result) return false
    download(new Blob([result.svg], { type: 'image/svg+xml' }), name)
    return true
  }
  const { blob } = await editor.toImage(shapes, {
    format: 'png',
    background: true,
    padding: 32,
    pixelRatio: 2,
  })
  download(blob, name)
  return true
}
