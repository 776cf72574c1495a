import { boardDocKeys } from '../../board.ts'
import { readVerdict } from '../../session/verdict.ts'
import { timerView } from '../../timer/timerMachine.ts'
import { type LevelChunk, speakingTime } from '../../voice/speakingTime.ts'
import { findPinnedCards } from '../pinnedCards.ts'
import type { PrivateRound, Recording } from '../recording.ts'
import { ReplayIndex } from '../replayIndex.ts'
import { SessionTimeline } from '../sessionTimeline.ts'
import { type BoardRecord, readDiagram } from './boardParts.ts'
import type { Report, ReportPhase, ReportRound, ReportScorecard } from './reportModel.ts'

const MINUTE_MS = 60_000

/** The board's records at the end of the recording (last checkpoint plus the log after it). */
export function finalRecords(recording: Pick<Recording, 'log' | 'checkpoints'>): BoardRecord[] {
  if (recording.log.length === 0) return []
  const doc = ReplayIndex.open(recording).docAtPosition(recording.log.length)
  try {
    const entries = doc.getArray<{ key: string; val: BoardRecord }>(boardDocKeys.records).toArray()
    // Each change of a record inserts it anew and deletes the old entry; the last entry is current.
    return [...new Map(entries.map((entry) => [entry.key, entry.val])).values()]
  } finally {
    doc.destroy()
  }
}

/** Running time per phase of one round, from the timeline's segments. */
function phasesOf(timeline: SessionTimeline, round: number): ReportPhase[] {
  const segments = timeline.segments.filter((s) => s.round === round)
  const first = segments[0]
  const plan = timeline.momentAt(first ? first.from : timeline.start).template.phases
  const actual = plan.map(() => 0)
  for (const segment of segments) {
    if (segment.status === 'paused') continue
    actual[segment.phaseIndex] = (actual[segment.phaseIndex] ?? 0) + (segment.to - segment.from)
  }
  return plan.map((phase, i) => {
    const plannedMs = phase.minutes * MINUTE_MS
    const actualMs = actual[i] ?? 0
    // Within a second of the plan is on time: the clock moves phases at the boundary itself.
    return { title: phase.title, plannedMs, actualMs, over: actualMs > plannedMs + 1000 }
  })
}

/**
 * The phases' stretches for speaking time: the last one runs on to the end of the session (or
 * on, while it is live): the timeline stops at the last recorded event, the talk does not.
 */
function speechStretches(timeline: SessionTimeline, endedAt: number | null) {
  const stretches = timeline.segments.map((segment) => ({ ...segment }))
  const last = stretches.at(-1)
  if (last) last.to = Math.max(last.to, endedAt ?? Number.POSITIVE_INFINITY)
  return stretches
}

function scorecardOf(round: PrivateRound): ReportScorecard {
  const criteria = round.rubric.map((item) => ({
    title: item.title,
    score: round.scores[item.id]?.score ?? null,
    comment: round.scores[item.id]?.comment ?? '',
    strong: item.strong,
    failure: item.failure,
  }))
  const given = criteria.flatMap((c) => (c.score === null ? [] : [c.score]))
  const sum = given.reduce((a, b) => a + b, 0)
  return {
    criteria,
    total: {
      sum,
      scored: given.length,
      criteria: criteria.length,
      max: criteria.length * 4,
      mean: given.length > 0 ? sum / given.length : null,
    },
    verdict: readVerdict(round.scores),
    notes: round.notes.map((note) => ({ clockMs: note.sessionClockMs, text: note.text })),
  }
}

/** How {@link buildReport} names things the recording keeps only by file or id. */
export interface ReportOptions {
  /**
   * The titles people know the template's guides by, from their file names (templates'
   * `sourceTitles`); without it the report prints the names the recording keeps.
   */
  sourceTitles?: (files: readonly string[]) => string[]
  /**
   * The recorded voices' chunks (seat, start, speech levels), for a reader who may hear them:
   * the report then lists each person's speaking time per phase. Absent: no such section.
   */
  voice?: readonly LevelChunk[]
}

/**
 * The report of a recorded session: header, each round's phases against the plan and (when the
 * recording carries them) its scorecard, verdict and notes; the reveals; the diagram's parts
 * and links as the board stood at the end; and every pinned calculation with its inputs and
 * derivation. Pure: the same recording gives the same report.
 *
 * @example reportMarkdown(buildReport(recording))
 */
export function buildReport(recording: Recording, options: ReportOptions = {}): Report {
  const pins = findPinnedCards(recording.log)
  const timeline = SessionTimeline.fromRecording(recording, pins)
  const clockAt = (t: number) => timerView(timeline.momentAt(t).timer, t).sessionElapsedMs
  const { session } = recording
  const names = session.names
  const start = session.templates.find((t) => t.id === session.startTemplateId) ?? session.templates[0]
  const roundNumbers = [
    ...new Set([1, ...recording.events.flatMap((e) => (e.type === 'swap' ? [e.payload.round] : []))]),
  ]
  const templateOfRound = (round: number) => {
    const from = timeline.segments.find((s) => s.round === round)?.from
    const swap = recording.events.find((e) => e.type === 'swap' && e.payload.round === round)
    return timeline.momentAt(from ?? swap?.at ?? timeline.start).template
  }
  const rounds: ReportRound[] = roundNumbers.map((round) => {
    const seat = SessionTimeline.interviewerOf(round)
    const template = templateOfRound(round)
    const secret = recording.private?.rounds.find((r) => r.round === round)
    return {
      round,
      interviewer: seat === 'host' ? names.host : names.guest,
      candidate: seat === 'host' ? names.guest : names.host,
      title: template.title,
      prompt: template.prompt,
      sources: options.sourceTitles ? options.sourceTitles(template.sources) : template.sources,
      phases: phasesOf(timeline, round),
      scorecard: secret ? scorecardOf(secret) : null,
    }
  })
  const diagram = readDiagram(finalRecords(recording))
  return {
    title: start?.title ?? 'Session',
    mode: session.mode,
    createdAt: session.createdAt,
    endedAt: session.endedAt,
    durationMs: clockAt(timeline.end),
    withPrivate: recording.private !== null,
    rounds,
    reveals: recording.events.flatMap((event) =>
      event.type === 'reveal'
        ? [
            {
              clockMs: event.payload.sessionClockMs,
              round: event.payload.round,
              kind: event.payload.kind,
              title: event.payload.title,
              body: event.payload.body,
            },
          ]
        : [],
    ),
    ...diagram,
    calculations: pins.map((pin) => ({
      clockMs: clockAt(pin.at),
      title: pin.title,
      pinnedBy: pin.pinnedBy,
      inputs: pin.inputs,
      steps: pin.steps,
      figures: pin.figures,
    })),
    ...(options.voice && options.voice.length > 0
      ? {
          speaking: speakingTime(options.voice, speechStretches(timeline, session.endedAt)).map((row) => ({
            round: row.round,
            phase: row.phase,
            name: row.seat === 'host' ? names.host : row.seat === 'guest' ? names.guest : 'Observer',
            speakingMs: row.speakingMs,
          })),
        }
      : {}),
  }
}
