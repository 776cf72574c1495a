import type { Report, ReportScorecard } from './reportModel.ts'
import {
  calculationHeading,
  clock,
  hardwareText,
  headerFacts,
  linkText,
  notesOf,
  otherShapesText,
  partDetails,
  partName,
  phaseRows,
  privateWithheld,
  recommendationText,
  roundHeading,
  scoreText,
  speakingSection,
  stepText,
  timerNeverRan,
  totalText,
} from './reportText.ts'

/** One line of Markdown text: no line breaks, table pipes and markup characters escaped. */
function inline(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/([\\`*_[\]<>|])/g, '\\$1')
    .trim()
}

/** A block of user text kept as paragraphs, each line escaped. */
function block(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => inline(paragraph))
    .filter(Boolean)
    .join('\n\n')
}

function scorecard(card: ReportScorecard): string[] {
  const lines = [`**${inline(totalText(card))}**`, '']
  const recommendation = recommendationText(card)
  if (recommendation) lines.push(`**Recommendation: ${recommendation}**`, '')
  if (card.verdict?.summary.trim())
    lines.push(
      ...block(card.verdict.summary)
        .split('\n')
        .map((l) => `> ${l}`),
      '',
    )
  if (card.criteria.length > 0) {
    lines.push(
      '| Criterion | Score | Comment | Strong answers | Weak answers |',
      '| --- | --- | --- | --- | --- |',
      ...card.criteria.map(
        (c) =>
          `| ${inline(c.title)} | ${scoreText(c.score)} | ${inline(c.comment)} | ${inline(c.strong)} | ${inline(c.failure)} |`,
      ),
      '',
    )
  }
  return lines
}

/**
 * The report as Markdown: header, summary (total score, recommendation, the interviewer's
 * summary and the scorecard with the rubric's signals), prompt, time per phase against the
 * plan, reveals, the diagram's parts and links, pinned calculations and notes. Everything
 * people typed is escaped, so it reads as text and never as markup.
 *
 * @example download(reportMarkdown(buildReport(recording)))
 */
export function reportMarkdown(report: Report): string {
  const lines: string[] = [`# ${inline(report.title)}: interview report`, '']
  for (const [label, value] of headerFacts(report)) lines.push(`- **${label}:** ${inline(value)}`)
  lines.push('', '## Summary', '')
  if (!report.withPrivate) lines.push(privateWithheld, '')
  for (const round of report.rounds) {
    if (!round.scorecard) continue
    const heading = roundHeading(report, round)
    if (heading) lines.push(`### ${inline(heading)}`, '')
    lines.push(...scorecard(round.scorecard))
  }

  for (const round of report.rounds) {
    const heading =
      report.rounds.length > 1 ? `## Prompt, round ${round.round}: ${inline(round.title)}` : '## Prompt'
    lines.push(heading, '', block(round.prompt), '')
  }

  lines.push('## Time per phase', '')
  const idle = timerNeverRan(report)
  if (idle) lines.push(idle, '')
  lines.push('| Round | Phase | Planned | Actual | Against plan |', '| --- | --- | --- | --- | --- |')
  for (const round of report.rounds) {
    for (const { phase, ...cells } of phaseRows(round)) {
      const against = phase.over ? `**${cells.against}**` : cells.against
      lines.push(
        `| ${round.round} | ${inline(phase.title)} | ${cells.planned} | ${cells.actual} | ${against} |`,
      )
    }
  }
  lines.push('')

  const speaking = speakingSection(report)
  if (speaking) {
    lines.push('## Speaking time per phase', '', speaking.intro, '')
    if (speaking.empty) lines.push(speaking.empty, '')
    else {
      lines.push('| Round | Phase | Person | Speaking |', '| --- | --- | --- | --- |')
      for (const [round, phase, name, time] of speaking.rows) {
        lines.push(`| ${round} | ${inline(phase)} | ${inline(name)} | ${time} |`)
      }
      lines.push('')
    }
  }

  lines.push('## Reveals', '')
  if (report.reveals.length === 0) lines.push('Nothing was revealed.')
  for (const item of report.reveals) {
    lines.push(
      `- **${clock(item.clockMs)}** (round ${item.round}, ${item.kind}) **${inline(item.title)}**: ${inline(item.body)}`,
    )
  }
  lines.push('')

  lines.push('## Diagram at the end', '')
  const totals = hardwareText(report.hardware)
  if (totals) lines.push(inline(totals), '')
  lines.push(`### Parts (${report.parts.length})`, '')
  if (report.parts.length === 0) lines.push('No part of the kit was on the board.')
  for (const part of report.parts) {
    const details = partDetails(part)
    lines.push(`- **${inline(partName(part))}**${details ? `: ${inline(details)}` : ''}`)
  }
  lines.push('', `### Links (${report.links.length})`, '')
  if (report.links.length === 0) lines.push('No arrow joined two parts.')
  for (const link of report.links) {
    const { ends, about } = linkText(link)
    lines.push(`- ${inline(ends)}${about ? `: ${inline(about)}` : ''}`)
  }
  if (report.otherShapes > 0) {
    lines.push('', otherShapesText(report.otherShapes))
  }
  lines.push('')

  lines.push('## Pinned calculations', '')
  if (report.calculations.length === 0) lines.push('No calculation was pinned to the board.', '')
  for (const calc of report.calculations) {
    lines.push(`### ${inline(calculationHeading(calc))}`, '')
    if (calc.inputs.length > 0) {
      lines.push('Inputs:', '', ...calc.inputs.map((i) => `- ${inline(i.label)}: ${inline(i.text)}`), '')
    }
    if (calc.steps.length > 0) {
      lines.push('Derivation:', '', ...calc.steps.map((s, i) => `${i + 1}. ${inline(stepText(s))}`), '')
    }
    const figures = calc.figures.map((f) => `${inline(f.label)} **${inline(f.text)}**`).join('; ')
    if (figures) lines.push(`Result: ${figures}`, '')
  }

  if (report.withPrivate) {
    lines.push('## Notes', '')
    const notes = notesOf(report)
    if (notes.length === 0) lines.push('No notes.')
    for (const note of notes) {
      const round = report.rounds.length > 1 ? ` (round ${note.round})` : ''
      lines.push(`- **${clock(note.clockMs)}**${round} ${inline(note.text)}`)
    }
    lines.push('')
  }
  return `${lines.join('\n').trimEnd()}\n`
}
