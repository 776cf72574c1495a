import { formatClock, timerView } from '../timer/timerMachine.ts'
import type { RecordingOutline } from './recordingOutline.ts'
import { SessionTimeline } from './sessionTimeline.ts'

/** One line of Markdown text: no line breaks, table pipes escaped. */
function inline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')
}

function isoMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/**
 * A Markdown report of a recorded session: the prompt, the phase timeline, the reveals, the
 * pinned calculations and, when the recording carries them, the scorecard and the notes.
 * Times are on the session clock (the interview timer, pauses excluded), as notes are stamped.
 *
 * @example
 * const markdown = sessionReport(outline) // or sessionReport(outlineOf(recording))
 */
export function sessionReport(recording: RecordingOutline): string {
  const { pins } = recording
  const timeline = SessionTimeline.fromOutline(recording)
  const clockAt = (t: number) =>
    formatClock(timerView(timeline.momentAt(t).timer, t).sessionElapsedMs, 'down')
  const { session } = recording
  const last = timeline.momentAt(timeline.end)
  const lines: string[] = []
  const start = session.templates.find((t) => t.id === session.startTemplateId) ?? session.templates[0]
  lines.push(`# ${inline(start?.title ?? 'Session')}`, '')
  lines.push(`- Date: ${isoMinute(session.createdAt)}`)
  lines.push(
    `- ${session.mode === 'peer' ? 'Peers' : 'Interviewer / candidate'}: ${inline(session.names.host)} / ${inline(session.names.guest)}`,
  )
  lines.push(
    `- Session clock at the end: ${formatClock(timerView(last.timer, timeline.end).sessionElapsedMs, 'down')}`,
  )
  lines.push(`- ${session.endedAt !== null ? `Ended ${isoMinute(session.endedAt)}` : 'Not ended'}`)
  lines.push('')

  for (const template of session.templates) {
    lines.push(`## Prompt${session.templates.length > 1 ? `: ${inline(template.title)}` : ''}`, '')
    lines.push(template.prompt, '')
  }

  lines.push('## Phase timeline', '')
  if (timeline.segments.length === 0) {
    lines.push('The timer was never started.', '')
  } else {
    lines.push('| Round | Phase | From | To | Minutes |', '| --- | --- | --- | --- | --- |')
    for (const segment of timeline.segments) {
      const title = segment.status === 'overtime' ? `${segment.title} (overtime)` : segment.title
      const paused = segment.status === 'paused' ? ' (paused)' : ''
      lines.push(
        `| ${segment.round} | ${inline(title)}${paused} | ${clockAt(segment.from)} | ${clockAt(segment.to)} | ${((segment.to - segment.from) / 60_000).toFixed(1)} |`,
      )
    }
    lines.push('')
  }

  const reveals = recording.events.filter((e) => e.type === 'reveal')
  lines.push('## Reveals', '')
  if (reveals.length === 0) lines.push('Nothing was revealed.')
  for (const event of reveals) {
    const item = event.payload
    lines.push(
      `- **${formatClock(item.sessionClockMs, 'down')}** (round ${item.round}, ${item.kind}) **${inline(item.title)}**: ${inline(item.body)}`,
    )
  }
  lines.push('')

  lines.push('## Pinned calculations', '')
  if (pins.length === 0) lines.push('No calculation was pinned to the board.')
  for (const pin of pins) {
    const figures = pin.figures.map((f) => `${inline(f.label)} ${inline(f.text)}`).join('; ')
    const by = pin.pinnedBy ? ` by ${inline(pin.pinnedBy)}` : ''
    lines.push(`- **${clockAt(pin.at)}** ${inline(pin.title)}${by}${figures ? `: ${figures}` : ''}`)
  }
  lines.push('')

  const rounds = recording.private?.rounds ?? []
  if (rounds.length > 0) {
    lines.push('## Scorecard', '')
    for (const round of rounds) {
      const interviewer = round.interviewer === 'host' ? session.names.host : session.names.guest
      if (rounds.length > 1 || round.round > 1)
        lines.push(`### Round ${round.round} (interviewer: ${inline(interviewer)})`, '')
      lines.push('| Criterion | Score | Comment |', '| --- | --- | --- |')
      for (const item of round.rubric) {
        const score = round.scores[item.id]
        lines.push(`| ${inline(item.title)} | ${score?.score ?? '–'} | ${inline(score?.comment ?? '')} |`)
      }
      lines.push('')
    }
    lines.push('## Notes', '')
    const notes = rounds.flatMap((round) => round.notes)
    if (notes.length === 0) lines.push('No notes.')
    for (const note of notes) {
      lines.push(`- **${formatClock(note.sessionClockMs, 'down')}** ${inline(note.text)}`)
    }
    lines.push('')
  }
  return `${lines.join('\n').trimEnd()}\n`
}
