import { describe, expect, it } from 'vitest'
import { applyTimerEvent, initialTimerState, type TimerState, timerView } from '../timer/timerMachine.ts'
import type { RecordedEvent } from './recording.ts'
import { SessionTimeline } from './sessionTimeline.ts'
import { recordingWith } from './testRecording.ts'

const MIN = 60_000
const phases = recordingWith({ events: [] }).session.templates[0]?.phases ?? []

/** A scripted interview: start at 10 s, reveal at 30 s, pause 1:30–2:00, swap at 5:00, end at 6:00. */
function scripted() {
  let timer: TimerState = initialTimerState(phases)
  let seq = 0
  const events: RecordedEvent[] = []
  const timerEvent = (at: number, command: 'start' | 'pause' | 'resume' | 'skip') => {
    const result = applyTimerEvent(timer, { command }, at)
    if (!result.ok) throw new Error(result.error)
    timer = result.state
    events.push({ seq: ++seq, at, actor: 'interviewer', type: 'timer', payload: { command, timer } })
  }
  events.push({ seq: ++seq, at: 1_000, actor: 'host', type: 'joined', payload: {} })
  timerEvent(10_000, 'start')
  events.push({
    seq: ++seq,
    at: 30_000,
    actor: 'interviewer',
    type: 'reveal',
    payload: {
      id: 'budget',
      kind: 'constraint',
      title: 'Budget',
      body: '400 GPUs',
      revealedAt: 30_000,
      sessionClockMs: 20_000,
      round: 1,
    },
  })
  timerEvent(90_000, 'pause')
  timerEvent(120_000, 'resume')
  events.push({
    seq: ++seq,
    at: 5 * MIN,
    actor: 'interviewer',
    type: 'swap',
    payload: { round: 2, swapped: true },
  })
  timer = initialTimerState(phases)
  timerEvent(5 * MIN + 5_000, 'start')
  const stop = applyTimerEvent(timer, { command: 'stop' }, 6 * MIN)
  if (!stop.ok) throw new Error(stop.error)
  events.push({
    seq: ++seq,
    at: 6 * MIN,
    actor: 'interviewer',
    type: 'ended',
    payload: { timer: stop.state },
  })
  events.push({ seq: ++seq, at: 6 * MIN + 10, actor: 'host', type: 'left', payload: {} })
  return recordingWith({
    events,
    session: { ...recordingWith({ events: [] }).session, endedAt: 6 * MIN },
  })
}

describe('SessionTimeline', () => {
  const recording = scripted()
  const timeline = SessionTimeline.fromRecording(recording, [
    {
      id: 'shape:pin',
      at: 200_000,
      seq: 3,
      title: 'KV cache',
      pinnedBy: 'Ben',
      figures: [],
      inputs: [],
      steps: [],
    },
  ])

  it('gives the timer, revealed cards, round and presence at any instant', () => {
    expect(timeline.momentAt(5_000).timer.status).toBe('idle')
    expect(timeline.momentAt(5_000).present).toEqual(['host'])
    expect(timeline.momentAt(29_999).revealed).toEqual([])
    expect(timeline.momentAt(30_000).revealed.map((r) => r.id)).toEqual(['budget'])
    const paused = timeline.momentAt(100_000)
    expect(paused.timer.status).toBe('paused')
    expect(timerView(paused.timer, 100_000).sessionElapsedMs).toBe(80_000)
    const afterSwap = timeline.momentAt(5 * MIN + 1)
    expect(afterSwap.round).toBe(2)
    expect(afterSwap.revealed).toEqual([])
    expect(afterSwap.timer.status).toBe('idle')
    expect(timeline.momentAt(7 * MIN).ended).toBe(true)
    expect(timeline.momentAt(7 * MIN).present).toEqual([])
  })

  it('cuts the phases into segments at each boundary, with the pause apart', () => {
    const summary = timeline.segments.map((s) => [s.round, s.phaseId, s.status, s.from, s.to])
    expect(summary).toEqual([
      [1, 'clarify', 'running', 10_000, 70_000],
      [1, 'architecture', 'running', 70_000, 90_000],
      [1, 'architecture', 'paused', 90_000, 120_000],
      [1, 'architecture', 'running', 120_000, 220_000],
      [1, 'deep-dive', 'running', 220_000, 5 * MIN],
      [2, 'clarify', 'running', 5 * MIN + 5_000, 6 * MIN],
    ])
  })

  it('lists where each phase begins, and the markers in time order', () => {
    expect(timeline.phaseJumps().map((j) => [j.round, j.phaseIndex, j.at])).toEqual([
      [1, 0, 10_000],
      [1, 1, 70_000],
      [1, 2, 220_000],
      [2, 0, 5 * MIN + 5_000],
    ])
    expect(timeline.markers.map((m) => m.kind)).toEqual(['reveal', 'pin', 'swap', 'ended'])
  })

  it('spans from the first activity to the end', () => {
    expect(timeline.start).toBe(9_000)
    expect(timeline.end).toBe(6 * MIN)
  })

  it('shows each participant’s latest cursor until it goes stale, without counting it as activity', () => {
    const cursor = (seq: number, at: number, client: number, x: number) => ({
      seq,
      at,
      actor: 'board',
      type: 'cursor' as const,
      payload: { client, name: `P${client}`, color: '#f00', x, y: 0 },
    })
    const withCursors = SessionTimeline.fromRecording({
      ...recording,
      events: [
        ...recording.events,
        cursor(900, 40_000, 1, 5),
        cursor(901, 41_000, 1, 7),
        cursor(902, 41_500, 2, 9),
        cursor(903, 9 * MIN, 2, 1),
      ],
    })
    expect(timeline.hasCursors).toBe(false)
    expect(withCursors.hasCursors).toBe(true)
    expect(withCursors.cursorsAt(39_999)).toEqual([])
    expect(withCursors.cursorsAt(41_200)).toEqual([{ client: 1, name: 'P1', color: '#f00', x: 7, y: 0 }])
    expect(withCursors.cursorsAt(42_000).map((c) => [c.client, c.x])).toEqual([
      [2, 9],
      [1, 7],
    ])
    expect(withCursors.cursorsAt(41_000 + 10_001).map((c) => c.client)).toEqual([2])
    expect(withCursors.cursorsAt(60_000)).toEqual([])
    // A cursor after the end is no activity: the span and the state are those without cursors.
    expect([withCursors.start, withCursors.end]).toEqual([timeline.start, timeline.end])
    expect(withCursors.momentAt(41_000)).toEqual(timeline.momentAt(41_000))
  })

  it('names the interviewer of each round', () => {
    expect([1, 2, 3].map(SessionTimeline.interviewerOf)).toEqual(['host', 'guest', 'host'])
  })
})
