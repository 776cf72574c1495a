import { recommendationLabels } from '../../session/verdict.ts'
import { formatClock } from '../../timer/timerMachine.ts'
import { speechLevelThreshold } from '../../voice/speakingTime.ts'
import type {
  Report,
  ReportCalculation,
  ReportHardware,
  ReportLink,
  ReportPart,
  ReportPhase,
  ReportRound,
  ReportScorecard,
} from './reportModel.ts'

/**
 * The words of the report, shared by the Markdown and HTML writers so both say the same thing:
 * each function returns plain text (never markup) for one element; the writers escape it.
 */

/** A session-clock time as the report prints it: `12:04`. */
export const clock = (ms: number): string => formatClock(ms, 'down')

/** A server time as the report prints it: `2026-12-07 13:44 UTC`. */
export function dateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** The header's facts, label and value, in order. */
export function headerFacts(report: Report): Array<[string, string]> {
  const first = report.rounds[0] as ReportRound
  const facts: Array<[string, string]> = [['Date', dateTime(report.createdAt)]]
  if (report.mode === 'peer') {
    facts.push(['Mode', 'Peer practice (the two swap roles each round)'])
    for (const round of report.rounds) {
      facts.push([
        `Round ${round.round}`,
        `${round.interviewer} interviews ${round.candidate}: ${round.title}`,
      ])
    }
  } else {
    facts.push(['Mode', 'Mock interview'], ['Interviewer', first.interviewer], ['Candidate', first.candidate])
  }
  facts.push([
    'Duration',
    `${clock(report.durationMs)} on the interview clock (pauses excluded)${report.endedAt === null ? ', not ended' : `, ended ${dateTime(report.endedAt)}`}`,
  ])
  const sources = [...new Set(report.rounds.flatMap((round) => round.sources))]
  if (sources.length > 0) facts.push([sources.length > 1 ? 'Guides' : 'Guide', sources.join('; ')])
  return facts
}

/** Whose report it is: 'Round 2: Ben interviews Ana' (only said when there is more than one round). */
export function roundHeading(report: Report, round: ReportRound): string | null {
  return report.rounds.length > 1
    ? `Round ${round.round}: ${round.interviewer} interviews ${round.candidate}`
    : null
}

/** Why a report has no scores: said instead of the summary when the reader may not see them. */
export const privateWithheld =
  'The scorecard, the interviewer’s summary and the notes are private to the interviewer; this link does not include them.'

/** The total line: 'Total 11 of 16 (4 of 4 criteria scored, mean 2.8 of 4)'. */
export function totalText(card: ReportScorecard): string {
  const { sum, scored, criteria, max, mean } = card.total
  if (criteria === 0) return 'The rubric has no criteria.'
  if (scored === 0) return `No criterion was scored (0 of ${criteria}).`
  const all =
    scored === criteria ? `all ${criteria} criteria scored` : `${scored} of ${criteria} criteria scored`
  return `Total ${sum} of ${scored === criteria ? max : scored * 4} (${all}, mean ${(mean ?? 0).toFixed(1)} of 4)`
}

/** The recommendation as people read it, or null. */
export function recommendationText(card: ReportScorecard): string | null {
  const recommendation = card.verdict?.recommendation
  return recommendation ? recommendationLabels[recommendation] : null
}

/** A criterion's score: '3 / 4' or '–'. */
export const scoreText = (score: number | null): string => (score === null ? '–' : `${score} / 4`)

/** A phase row: planned and actual as clocks, and how far over or under. */
function phaseCellsOf(phase: ReportPhase, stoppedHere: boolean) {
  const difference = phase.actualMs - phase.plannedMs
  let against = 'on plan'
  if (phase.actualMs === 0) against = 'not reached'
  else if (phase.over) against = `over by ${clock(difference)}`
  else if (stoppedHere && difference < -1000) against = `stopped here, ${clock(-difference)} left`
  else if (difference < -1000) against = `${clock(-difference)} under`
  return { planned: clock(phase.plannedMs), actual: clock(phase.actualMs), against }
}

/**
 * A round's phase rows: the phase the clock stopped in (the last it reached) says it stopped
 * there rather than "under", since it was cut short, not finished early.
 */
export function phaseRows(
  round: ReportRound,
): Array<{ phase: ReportPhase; planned: string; actual: string; against: string }> {
  const last = round.phases.findLastIndex((phase) => phase.actualMs > 0)
  return round.phases.map((phase, i) => ({ phase, ...phaseCellsOf(phase, i === last) }))
}

/** Said instead of the phase table when the interview clock never ran. */
export function timerNeverRan(report: Report): string | null {
  const ran = report.rounds.some((round) => round.phases.some((phase) => phase.actualMs > 0))
  return ran ? null : 'The timer was never started.'
}

/** A part's name: 'Model server “Decode engine”', or the kind alone when the label is the kind. */
export function partName(part: ReportPart): string {
  const label = part.label.trim()
  return label === '' || label === part.kind ? part.kind : `${part.kind} “${label}”`
}

/** A part's settings: 'Engine vLLM · Model Llama 3 70B · Replicas 4', plus where it sits and validity. */
export function partDetails(part: ReportPart): string {
  const details = part.details.map((d) => `${d.label}: ${d.text}`)
  if (part.within) details.unshift(`in ${part.within}`)
  if (part.invalid) details.push('invalid settings (left out of totals)')
  return details.join(' · ')
}

/** A link's line: 'Prefill pool → Decode pool', with its type/bandwidth and its own text. */
export function linkText(link: ReportLink): { ends: string; about: string } {
  const about = [
    link.link ? `${link.link} per direction` : null,
    link.label && link.label !== link.link ? `“${link.label}”` : null,
  ]
    .filter(Boolean)
    .join(' · ')
  return { ends: `${link.from} → ${link.to}`, about }
}

/**
 * The diagram's totals in a sentence: 'The diagram holds 32 GPUs (32 × H100 SXM5 80GB) in 4 nodes;
 * its 2 model servers ask for 32 (replicas × TP × PP).' Null when it has neither GPUs nor servers.
 */
export function hardwareText(hardware: ReportHardware): string | null {
  const { gpus, nodes, byGpu, modelServers, gpusRequested } = hardware
  if (gpus === 0 && modelServers === 0) return null
  const count = (n: number, one: string, many = `${one}s`) =>
    `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
  const held =
    gpus > 0
      ? `The diagram holds ${count(gpus, 'GPU')} (${byGpu.map((g) => `${g.gpus.toLocaleString('en-US')} × ${g.name}`).join(', ')}) in ${count(nodes, 'node')}`
      : 'The diagram holds no GPU node or cluster'
  if (modelServers === 0) return `${held}.`
  const servers = `${modelServers === 1 ? 'its model server asks' : `its ${modelServers} model servers ask`} for ${gpusRequested.toLocaleString('en-US')} (replicas × TP × PP)`
  const short =
    gpus > 0 && gpusRequested > gpus
      ? `, ${(gpusRequested - gpus).toLocaleString('en-US')} more than it holds`
      : ''
  return `${held}; ${servers}${short}.`
}

/** What else is on the board besides the parts, links and calculations. */
export function otherShapesText(count: number): string {
  const shapes = count === 1 ? '1 other shape' : `${count} other shapes`
  return `Also on the board: ${shapes} (drawings, text, sticky notes, placed cards, loose arrows).`
}

/** A calculation's heading: '12:04 KV cache per token (pinned by Ben)'. */
export function calculationHeading(calc: ReportCalculation): string {
  return `${clock(calc.clockMs)} ${calc.title}${calc.pinnedBy ? ` (pinned by ${calc.pinnedBy})` : ''}`
}

/** A derivation step: 'Per token: 2 · layers · … = 2 · 80 · … = 320 KiB'. */
export function stepText(step: ReportCalculation['steps'][number]): string {
  const parts = [step.formula, step.substituted, step.result].filter((p) => p.trim() !== '')
  return `${step.label}: ${parts.join(' = ')}`
}

/** The round of each note, when the report has more than one round. */
export function notesOf(report: Report): Array<{ round: number; clockMs: number; text: string }> {
  return report.rounds.flatMap((round) =>
    (round.scorecard?.notes ?? []).map((note) => ({ round: round.round, ...note })),
  )
}

/**
 * The "Speaking time per phase" section in words: how speech was counted, what to say when
 * nobody spoke, and one row (round, phase, person, time) per person per phase. Null when the
 * report has no such section (no recorded voice, or a reader who may not hear them).
 */
export function speakingSection(
  report: Report,
): { intro: string; empty: string | null; rows: Array<[string, string, string, string]> } | null {
  if (!report.speaking) return null
  return {
    intro: `From the recorded voices: a 100 ms stretch counts as speech when its level is ${speechLevelThreshold} of 100 or more.`,
    empty: report.speaking.length === 0 ? 'Nobody spoke while the timer ran.' : null,
    rows: report.speaking.map((row) => [String(row.round), row.phase, row.name, clock(row.speakingMs)]),
  }
}
