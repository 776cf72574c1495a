import {
  type Recording,
  type RecordingOutline,
  recordingToJson,
  sessionReport,
} from '@roofline/shared/replay'
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
  const title =
    recording.session.templates.find((t) => t.id === recording.session.startTemplateId)?.title ?? 'session'
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
  const date = new Date(recording.session.createdAt).toISOString().slice(0, 10)
  return `roofline-${slug || 'session'}-${date}`
}

/**
 * The session archive: the recording as this browser received it (notes and scorecard only if
 * this link may read them), one JSON file another Roofline server imports.
 */
export function exportArchive(recording: Recording): void {
  const json = JSON.stringify(recordingToJson(recording))
  download(new Blob([json], { type: 'application/json' }), `${baseName(recording)}.roofline.json`)
}

/** The Markdown report: prompt, phase timeline, reveals, pinned calculations, scorecard and notes. */
export function exportReport(recording: RecordingOutline): void {
  const markdown = sessionReport(recording)
  download(new Blob([markdown], { type: 'text/markdown' }), `${baseName(recording)}.md`)
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
