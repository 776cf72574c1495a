import type { Report, ReportScorecard } from './reportModel.ts'
import { reportCss } from './reportStyle.ts'
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

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text as HTML text: every character markup could use is an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string)
}

const e = escapeHtml
/** User text with its line breaks kept. */
const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${e(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('')

/**
 * A table whose columns keep the given widths (percentages), so a long text in one column
 * (a rubric signal, a revealed answer) cannot squeeze a short one to a letter a line.
 */
function table(head: string[], rows: string[][], widths: number[], className = ''): string {
  const cells = (tag: string, row: string[]) => row.map((cell) => `<${tag}>${cell}</${tag}>`).join('')
  const columns = widths.map((width) => `<col style="width:${width}%">`).join('')
  return `<table${className ? ` class="${className}"` : ''}><colgroup>${columns}</colgroup><thead><tr>${cells('th', head)}</tr></thead><tbody>${rows
    .map((row) => `<tr>${cells('td', row)}</tr>`)
    .join('')}</tbody></table>`
}

function scorecard(card: ReportScorecard): string {
  const recommendation = recommendationText(card)
  const summary = card.verdict?.summary.trim()
    ? `<blockquote class="report__verdict">${paragraphs(card.verdict.summary)}</blockquote>`
    : ''
  // The interviewer's comment first, the rubric's signals under it: one wide column reads
  // better on A4 than two narrow ones of long signal text.
  const rows = card.criteria.map((c) => [
    e(c.title),
    `<span class="report__score">${scoreText(c.score)}</span>`,
    [
      c.comment.trim() ? `<p class="report__comment">${e(c.comment)}</p>` : '',
      `<p class="report__signal"><b>Strong:</b> ${e(c.strong)}</p>`,
      `<p class="report__signal"><b>Weak:</b> ${e(c.failure)}</p>`,
    ].join(''),
  ])
  return [
    '<div class="report__totals">',
    `<p class="report__total">${e(totalText(card))}</p>`,
    recommendation
      ? `<p class="report__recommendation">Recommendation: <strong>${e(recommendation)}</strong></p>`
      : '',
    '</div>',
    summary,
    rows.length > 0
      ? table(
          ['Criterion', 'Score', 'Comment, and the rubric’s signals'],
          rows,
          [24, 10, 66],
          'report__rubric',
        )
      : '',
  ].join('')
}

const section = (id: string, title: string, body: string) =>
  `<section class="report__section" aria-labelledby="report-${id}"><h2 id="report-${id}">${e(title)}</h2>${body}</section>`

/**
 * The report's body as HTML (one `<article class="report">`), the same sections as
 * {@link reportMarkdown}. Every string from the recording is escaped: a note or a part named
 * `<script>` prints as text. Style it with `reportCss` (reportStyle.ts).
 */
export function reportBodyHtml(report: Report): string {
  const header = `<header class="report__header"><h1>${e(report.title)}<span class="report__kind"> · interview report</span></h1><dl class="report__facts">${headerFacts(
    report,
  )
    .map(([label, value]) => `<div><dt>${e(label)}</dt><dd>${e(value)}</dd></div>`)
    .join('')}</dl></header>`

  const summary = report.withPrivate
    ? report.rounds
        .filter((round) => round.scorecard)
        .map((round) => {
          const heading = roundHeading(report, round)
          return `${heading ? `<h3>${e(heading)}</h3>` : ''}${scorecard(round.scorecard as ReportScorecard)}`
        })
        .join('')
    : `<p class="report__muted">${e(privateWithheld)}</p>`

  const prompts = report.rounds
    .map(
      (round) =>
        `${report.rounds.length > 1 ? `<h3>Round ${round.round}: ${e(round.title)}</h3>` : ''}<div class="report__prompt">${paragraphs(round.prompt)}</div>`,
    )
    .join('')

  const phaseTable = report.rounds.flatMap((round) =>
    phaseRows(round).map(({ phase, ...cells }) => {
      return [
        String(round.round),
        e(phase.title),
        cells.planned,
        cells.actual,
        phase.over ? `<strong class="report__over">${e(cells.against)}</strong>` : e(cells.against),
      ]
    }),
  )

  const speaking = speakingSection(report)
  const speakingBody = speaking
    ? `<p class="report__muted">${e(speaking.intro)}</p>${
        speaking.empty
          ? `<p class="report__muted">${e(speaking.empty)}</p>`
          : table(
              ['Round', 'Phase', 'Person', 'Speaking'],
              speaking.rows.map((row) => row.map(e)),
              [9, 43, 30, 18],
            )
      }`
    : ''

  const reveals =
    report.reveals.length === 0
      ? '<p class="report__muted">Nothing was revealed.</p>'
      : table(
          ['Time', 'Round', 'Kind', 'Revealed'],
          report.reveals.map((r) => [
            clock(r.clockMs),
            String(r.round),
            e(r.kind),
            `<strong>${e(r.title)}</strong><br>${e(r.body)}`,
          ]),
          [9, 9, 14, 68],
        )

  const parts =
    report.parts.length === 0
      ? '<p class="report__muted">No part of the kit was on the board.</p>'
      : `<ul class="report__parts">${report.parts
          .map(
            (part) =>
              `<li><strong>${e(partName(part))}</strong><span class="report__details">${e(partDetails(part))}</span></li>`,
          )
          .join('')}</ul>`
  const links =
    report.links.length === 0
      ? '<p class="report__muted">No arrow joined two parts.</p>'
      : table(
          ['From → to', 'Link'],
          report.links.map((link) => {
            const { ends, about } = linkText(link)
            return [e(ends), e(about)]
          }),
          [55, 45],
        )
  const others =
    report.otherShapes > 0 ? `<p class="report__muted">${e(otherShapesText(report.otherShapes))}</p>` : ''

  const calculations =
    report.calculations.length === 0
      ? '<p class="report__muted">No calculation was pinned to the board.</p>'
      : report.calculations
          .map((calc) => {
            const inputs = calc.inputs.length
              ? `<h4>Inputs</h4><ul class="report__inputs">${calc.inputs.map((i) => `<li>${e(i.label)}: <strong>${e(i.text)}</strong></li>`).join('')}</ul>`
              : ''
            const steps = calc.steps.length
              ? `<h4>Derivation</h4><ol class="report__steps">${calc.steps.map((s) => `<li>${e(stepText(s))}</li>`).join('')}</ol>`
              : ''
            const figures = calc.figures.length
              ? `<p class="report__result">Result: ${calc.figures.map((f) => `${e(f.label)} <strong>${e(f.text)}</strong>`).join('; ')}</p>`
              : ''
            return `<div class="report__calc"><h3>${e(calculationHeading(calc))}</h3>${inputs}${steps}${figures}</div>`
          })
          .join('')

  const idle = timerNeverRan(report)
  const totals = hardwareText(report.hardware)
  const notes = notesOf(report)
  const notesBody =
    notes.length === 0
      ? '<p class="report__muted">No notes.</p>'
      : `<ul class="report__notes">${notes
          .map(
            (n) =>
              `<li><span class="report__time">${clock(n.clockMs)}${report.rounds.length > 1 ? ` · round ${n.round}` : ''}</span> ${e(n.text)}</li>`,
          )
          .join('')}</ul>`

  return [
    '<article class="report">',
    header,
    section('summary', 'Summary', summary),
    section('prompt', 'Prompt', prompts),
    section(
      'phases',
      'Time per phase',
      (idle ? `<p class="report__muted">${e(idle)}</p>` : '') +
        table(['Round', 'Phase', 'Planned', 'Actual', 'Against plan'], phaseTable, [9, 43, 13, 13, 22]),
    ),
    speaking ? section('speaking', 'Speaking time per phase', speakingBody) : '',
    section('reveals', 'Reveals', reveals),
    section(
      'diagram',
      'Diagram at the end',
      `${totals ? `<p class="report__hardware">${e(totals)}</p>` : ''}<h3>Parts (${report.parts.length})</h3>${parts}<h3>Links (${report.links.length})</h3>${links}${others}`,
    ),
    section('calculations', 'Pinned calculations', calculations),
    report.withPrivate ? section('notes', 'Notes', notesBody) : '',
    '</article>',
  ].join('')
}

/**
 * The report as one standalone HTML page (its style inline), to save or print.
 *
 * @example new Blob([reportHtml(report)], { type: 'text/html' })
 */
export function reportHtml(report: Report): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(
    report.title,
  )}: interview report</title><style>${reportCss}</style></head><body>${reportBodyHtml(report)}</body></html>\n`
}
