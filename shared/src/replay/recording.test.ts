import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { findPinnedCards } from './pinnedCards.ts'
import { parseRecording, RecordingFormatError, recordingToJson } from './recording.ts'
import { buildReport } from './report/buildReport.ts'
import { reportMarkdown } from './report/reportMarkdown.ts'
import { randomHistory, recordingWith } from './testRecording.ts'

describe('recording format', () => {
  const history = randomHistory({ seed: 11, updates: 40, checkpointEvery: 10 })
  const recording = recordingWith({ events: [], ...history })
  const json = JSON.parse(JSON.stringify(recordingToJson(recording)))

  it('round-trips through JSON, binary parts byte for byte', () => {
    const back = parseRecording(json)
    expect(back.log).toEqual(recording.log)
    expect(back.checkpoints).toEqual(recording.checkpoints)
    expect(back.session).toEqual(recording.session)
  })

  it('reads a version 1 archive (no whole templates) as the current version', () => {
    const v1 = { ...json, version: 1, private: { rounds: [] } }
    const read = parseRecording(v1)
    expect(read.version).toBe(2)
    expect(read.private).toEqual({ rounds: [], templates: [] })
    expect(parseRecording({ ...json, version: 1, private: null }).private).toBeNull()
    expect(read.log).toEqual(recording.log)
  })

  it('refuses what is not an archive, another version, and damaged files, saying which', () => {
    const refusal = (value: unknown) => {
      try {
        parseRecording(value)
      } catch (error) {
        expect(error).toBeInstanceOf(RecordingFormatError)
        return (error as RecordingFormatError).message
      }
      throw new Error('accepted')
    }
    expect(refusal([1, 2])).toMatch(/not a Roofline session archive/)
    expect(refusal({ format: 'zip' })).toMatch(/not a Roofline session archive/)
    expect(refusal({ ...json, version: 3 })).toMatch(/version 3; this server reads versions 1 and 2/)
    // A version 1 file must not carry what version 2 added.
    expect(refusal({ ...json, version: 1, private: { rounds: [], templates: [] } })).toMatch(/damaged/)
    const cursorEvent = {
      seq: 1,
      at: 1,
      actor: 'board',
      type: 'cursor',
      payload: { client: 1, name: 'A', color: '', x: 1, y: 2 },
    }
    expect(refusal({ ...json, version: 1, private: null, events: [cursorEvent] })).toMatch(/damaged/)
    expect(parseRecording({ ...json, events: [cursorEvent] }).events).toEqual([cursorEvent])
    expect(refusal({ ...json, log: [{ seq: 1, at: 1, author: 'x' }] })).toMatch(/damaged/)
    expect(refusal({ ...json, log: [{ seq: 1, at: 1, author: 'x', update: 'AQ' }] })).toMatch(/damaged/)
    expect(refusal({ ...json, events: [{ seq: 1, at: 1, actor: 'x', type: 'note', payload: {} }] })).toMatch(
      /damaged/,
    )
  })
})

describe('pinned cards and the report', () => {
  /** A board log where a calc card is pinned, moved, and a plain shape drawn. */
  function boardLog() {
    const doc = new Y.Doc()
    const records = doc.getArray<{ key: string; val: unknown }>('tl_records')
    const log: Array<{ seq: number; at: number; author: string; update: Uint8Array }> = []
    doc.on('update', (update: Uint8Array) => {
      log.push({ seq: log.length + 1, at: 100_000 + log.length * 1000, author: 'candidate', update })
    })
    const card = (x: number) => ({
      key: 'shape:card',
      val: {
        typeName: 'shape',
        type: 'calc-card',
        id: 'shape:card',
        x,
        props: {
          title: 'KV cache per token',
          pinnedBy: 'Ben',
          figures: [{ label: 'Per token', text: '320 KiB' }],
        },
      },
    })
    records.push([{ key: 'shape:box', val: { typeName: 'shape', type: 'geo', id: 'shape:box' } }])
    records.push([card(0)])
    doc.transact(() => {
      records.delete(1)
      records.push([card(50)])
    })
    return log
  }

  it('finds a pinned calculation once, at its first appearance', () => {
    const pins = findPinnedCards(boardLog())
    expect(pins).toEqual([
      {
        id: 'shape:card',
        at: 101_000,
        seq: 2,
        title: 'KV cache per token',
        pinnedBy: 'Ben',
        figures: [{ label: 'Per token', text: '320 KiB' }],
        inputs: [],
        steps: [],
      },
    ])
  })

  it('writes the prompt, phases, reveals and pins; notes and scores only when the recording has them', () => {
    const log = boardLog()
    const base = recordingWith({
      log,
      events: [
        {
          seq: 1,
          at: 100_500,
          actor: 'interviewer',
          type: 'reveal',
          payload: {
            id: 'budget',
            kind: 'constraint',
            title: 'Budget',
            body: '400 | GPUs',
            revealedAt: 100_500,
            sessionClockMs: 0,
            round: 1,
          },
        },
      ],
    })
    const plain = reportMarkdown(buildReport(base))
    expect(plain).toContain('# Serve a model')
    expect(plain).toContain('Design serving.')
    expect(plain).toContain('The timer was never started.')
    expect(plain).toContain('**Budget**: 400 \\| GPUs')
    expect(plain).toContain('### 0:00 KV cache per token (pinned by Ben)')
    expect(plain).toContain('Result: Per token **320 KiB**')
    expect(plain).not.toContain('## Notes')
    const withPrivate = reportMarkdown(
      buildReport({
        ...base,
        private: {
          rounds: [
            {
              round: 1,
              interviewer: 'host',
              templateId: 'serve',
              rubric: [{ id: 'clarify', title: 'Clarifies', strong: 's', failure: 'f' }],
              notes: [{ id: 'n', at: 100_700, sessionClockMs: 65_000, round: 1, text: 'asked for QPS' }],
              scores: { clarify: { score: 3, comment: 'good', at: 1 } },
            },
          ],
          templates: [],
        },
      }),
    )
    expect(withPrivate).toContain('| Clarifies | 3 / 4 | good | s | f |')
    expect(withPrivate).toContain('- **1:05** asked for QPS')
  })
})
