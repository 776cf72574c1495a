import * as Y from 'yjs'
import { boardDocKeys } from '../../board.ts'
import { verdictKey, verdictToScore } from '../../session/verdict.ts'
import { inferenceArchitectureStarter } from '../../shapes/starterExample.ts'
import {
  applyTimerEvent,
  initialTimerState,
  type TimerEvent,
  type TimerState,
} from '../../timer/timerMachine.ts'
import { YRecordMap } from '../../yRecordMap.ts'
import type { RecordedEvent, Recording, ReplayLogEntry } from '../recording.ts'
import { recordingWith } from '../testRecording.ts'

/** Test fixture: a recorded mock interview with every part a report shows. */

const SEC = 1000
/** When the fixture's session was created: every time below counts from it. */
export const fixtureStart = Date.UTC(2026, 11, 7, 13, 0)
/** Typed by people in the fixture: must come out of every report as text, never markup. */
export const hostileText = '<script>alert("x")</script>'

/** A calc card as the panel pins it: inputs with units, a derivation and a result. */
const kvCard = {
  typeName: 'shape',
  id: 'shape:kv-card',
  type: 'calc-card',
  parentId: 'page:page',
  x: 1200,
  y: 0,
  props: {
    w: 320,
    h: 260,
    calculatorId: 'kvCache',
    title: 'KV cache per token',
    pinnedBy: 'Ben',
    inputs: [
      { name: 'layers', label: 'Layers', raw: '80', unit: '', text: '80' },
      { name: 'kvHeads', label: 'KV heads', raw: '8', unit: '', text: '8' },
      { name: 'headDim', label: 'Head dimension', raw: '128', unit: '', text: '128' },
      { name: 'bytes', label: 'Bytes per value', raw: '2', unit: 'B', text: '2 B' },
    ],
    steps: [
      {
        label: 'Per token',
        formula: '2 · layers · kvHeads · headDim · bytes',
        substituted: '2 · 80 · 8 · 128 · 2 B',
        result: '320 KiB',
      },
    ],
    figures: [{ label: 'Per token', text: '320 KiB' }],
  },
}

/**
 * One interview on the 1/2/3-minute plan of {@link recordingWith}: the timer starts at 0:10,
 * pauses from 0:40 to 1:10 and the session ends at 7:30, so the clarify and architecture phases
 * run to plan and the deep dive runs 50 s over. The board holds the disaggregated-serving
 * starter, a hostile part name and a pinned KV-cache card. `withPrivate` adds the scorecard
 * (two of three criteria scored), a verdict and notes, one of them hostile.
 */
export function reportFixture(withPrivate: boolean): Recording {
  const phases = recordingWith({ events: [] }).session.templates[0]?.phases ?? []
  let timer: TimerState = initialTimerState(phases)
  let seq = 0
  const events: RecordedEvent[] = []
  const timerEvent = (at: number, event: TimerEvent) => {
    const result = applyTimerEvent(timer, event, fixtureStart + at)
    if (!result.ok) throw new Error(result.error)
    timer = result.state
    events.push({
      seq: ++seq,
      at: fixtureStart + at,
      actor: 'interviewer',
      type: 'timer',
      payload: { ...event, timer },
    })
  }
  events.push({ seq: ++seq, at: fixtureStart + 1 * SEC, actor: 'host', type: 'joined', payload: {} })
  timerEvent(10 * SEC, { command: 'start' })
  events.push({
    seq: ++seq,
    at: fixtureStart + 30 * SEC,
    actor: 'interviewer',
    type: 'reveal',
    payload: {
      id: 'budget',
      kind: 'constraint',
      title: 'Budget',
      body: `400 GPUs ${hostileText}`,
      revealedAt: fixtureStart + 30 * SEC,
      sessionClockMs: 20 * SEC,
      round: 1,
    },
  })
  timerEvent(40 * SEC, { command: 'pause' })
  timerEvent(70 * SEC, { command: 'resume' })
  const stop = applyTimerEvent(timer, { command: 'stop' }, fixtureStart + 450 * SEC)
  if (!stop.ok) throw new Error(stop.error)
  events.push({
    seq: ++seq,
    at: fixtureStart + 450 * SEC,
    actor: 'interviewer',
    type: 'ended',
    payload: { timer: stop.state },
  })

  const doc = new Y.Doc()
  const records = new YRecordMap<Record<string, unknown>>(doc.getArray(boardDocKeys.records))
  const log: ReplayLogEntry[] = []
  let at = 100 * SEC
  doc.on('update', (update: Uint8Array) => {
    log.push({ seq: log.length + 1, at: fixtureStart + at, author: 'candidate', update })
  })
  doc.transact(() => {
    for (const record of inferenceArchitectureStarter) records.set(String(record.id), { ...record })
  })
  at = 200 * SEC
  records.set('shape:hostile', {
    typeName: 'shape',
    id: 'shape:hostile',
    type: 'system-component',
    parentId: 'page:page',
    x: -300,
    y: 600,
    props: { w: 210, h: 72, kind: 'queue', label: hostileText, detail: 'Kafka, 3 brokers' },
  })
  at = 250 * SEC // 3:30 on the interview clock (it started at 0:10 and stood still for 30 s)
  records.set(kvCard.id, kvCard)
  at = 260 * SEC
  records.set('shape:doodle', {
    typeName: 'shape',
    id: 'shape:doodle',
    type: 'draw',
    parentId: 'page:page',
    props: {},
  })
  doc.destroy()

  const base = recordingWith({ events, log })
  return {
    ...base,
    session: { ...base.session, createdAt: fixtureStart, endedAt: fixtureStart + 450 * SEC },
    private: withPrivate
      ? {
          rounds: [
            {
              round: 1,
              interviewer: 'host',
              templateId: 'serve',
              rubric: [
                {
                  id: 'clarify',
                  title: 'Clarifies',
                  strong: 'Asks for QPS and SLOs',
                  failure: 'Starts drawing',
                },
                {
                  id: 'sizing',
                  title: 'Sizes the fleet',
                  strong: 'Derives GPUs from KV',
                  failure: 'Guesses',
                },
                { id: 'tradeoffs', title: 'Trade-offs', strong: 'Names two', failure: 'None' },
              ],
              notes: [
                {
                  id: 'n1',
                  at: fixtureStart + 60 * SEC,
                  sessionClockMs: 30 * SEC,
                  round: 1,
                  text: 'asked for p99 latency',
                },
                {
                  id: 'n2',
                  at: fixtureStart + 300 * SEC,
                  sessionClockMs: 200 * SEC,
                  round: 1,
                  text: hostileText,
                },
              ],
              scores: {
                clarify: { score: 3, comment: 'good questions', at: 400 * SEC },
                sizing: { score: 2, comment: 'forgot KV', at: 410 * SEC },
                [verdictKey]: verdictToScore(
                  { summary: 'Solid structure; sizing needs work.', recommendation: 'almost' },
                  420 * SEC,
                ),
              },
            },
          ],
          templates: [],
        }
      : null,
  }
}
