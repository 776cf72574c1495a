import { describe, expect, it } from 'vitest'
import { buildReport } from './buildReport.ts'
import { reportFixture } from './reportFixture.ts'
import { reportMarkdown } from './reportMarkdown.ts'
import { reportSchema } from './reportModel.ts'

const MIN = 60_000

describe('buildReport', () => {
  const report = buildReport(reportFixture(true))

  it('is valid against its schema and says who, when and how long', () => {
    expect(reportSchema.parse(report)).toEqual(report)
    expect(report.title).toBe('Serve a model')
    expect(report.mode).toBe('interview')
    expect(report.rounds.map((r) => [r.interviewer, r.candidate])).toEqual([['Ana', 'Ben']])
    // Running from 0:10 to 7:30 with 30 s paused: 6:50 on the interview clock.
    expect(report.durationMs).toBe(410_000)
    expect(report.withPrivate).toBe(true)
  })

  it('sets each phase against the plan and flags the one that ran over', () => {
    expect(report.rounds[0]?.phases).toEqual([
      { title: 'Clarify', plannedMs: 1 * MIN, actualMs: 1 * MIN, over: false },
      { title: 'Architecture', plannedMs: 2 * MIN, actualMs: 2 * MIN, over: false },
      { title: 'Deep dive', plannedMs: 3 * MIN, actualMs: 3 * MIN + 50_000, over: true },
    ])
  })

  it('totals the scorecard over the criteria scored and keeps the verdict and the rubric signals', () => {
    const card = report.rounds[0]?.scorecard
    expect(card?.total).toEqual({ sum: 5, scored: 2, criteria: 3, max: 12, mean: 2.5 })
    expect(card?.verdict).toEqual({
      summary: 'Solid structure; sizing needs work.',
      recommendation: 'almost',
    })
    expect(card?.criteria[1]).toEqual({
      title: 'Sizes the fleet',
      score: 2,
      comment: 'forgot KV',
      strong: 'Derives GPUs from KV',
      failure: 'Guesses',
    })
    expect(card?.criteria[2]?.score).toBeNull()
    expect(card?.notes.map((n) => n.clockMs)).toEqual([30_000, 200_000])
  })

  it('lists the parts with their settings and where they sit', () => {
    const decode = report.parts.find((p) => p.label === 'Decode engine')
    expect(decode).toMatchObject({ kind: 'Model server', within: 'Decode pool', invalid: false })
    expect(decode?.details).toEqual(
      expect.arrayContaining([
        { label: 'Engine', text: 'vLLM' },
        { label: 'Replicas', text: '4' },
        { label: 'Tensor parallel', text: '4' },
        { label: 'GPUs (replicas × TP × PP)', text: '16' },
      ]),
    )
    expect(decode?.details.find((d) => d.label === 'Model')?.text).toMatch(/Llama 3 70B/)
    const node = report.parts.find((p) => p.label === 'prefill-0')
    expect(node).toMatchObject({ kind: 'GPU node', within: 'Prefill pool' })
    expect(node?.details.find((d) => d.label === 'GPUs per node')?.text).toBe('8')
    expect(report.parts.find((p) => p.label === 'Users')).toMatchObject({
      kind: 'Users / clients',
      within: null,
    })
    expect(report.parts.find((p) => p.kind === 'Queue / log')?.details).toContainEqual({
      label: 'Detail',
      text: 'Kafka, 3 brokers',
    })
    // 14 parts of the starter and the queue; the calc card is a calculation, the doodle another shape.
    expect(report.parts).toHaveLength(15)
    expect(report.otherShapes).toBe(1)
  })

  it('adds up the diagram: GPUs and nodes drawn, GPUs the model servers ask for', () => {
    // Four 8-GPU H100 nodes; two servers of 2 × TP8 and 4 × TP4.
    expect(report.hardware).toEqual({
      gpus: 32,
      nodes: 4,
      byGpu: [{ name: expect.stringMatching(/H100/), gpus: 32 }],
      modelServers: 2,
      gpusRequested: 32,
    })
  })

  it('lists the links between parts with their type and bandwidth', () => {
    expect(report.links).toHaveLength(8)
    expect(report.links).toContainEqual({ from: 'Users', to: 'Load balancer', label: 'HTTPS', link: null })
    const kvHandOff = report.links.find((l) => l.from === 'Prefill pool' && l.to === 'Decode pool')
    expect(kvHandOff?.link).toMatch(/^8 × .*NDR · 400 GB\/s$/)
  })

  it('gives each pinned calculation its session time, inputs, derivation and result', () => {
    expect(report.calculations).toEqual([
      {
        clockMs: 3 * MIN + 30_000,
        title: 'KV cache per token',
        pinnedBy: 'Ben',
        inputs: [
          { label: 'Layers', text: '80' },
          { label: 'KV heads', text: '8' },
          { label: 'Head dimension', text: '128' },
          { label: 'Bytes per value', text: '2 B' },
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
    ])
  })

  it('keeps the reveals with their session-clock times', () => {
    expect(report.reveals).toEqual([
      expect.objectContaining({ clockMs: 20_000, round: 1, kind: 'constraint', title: 'Budget' }),
    ])
  })

  it('names the guides by the titles it is given, and by what the recording keeps otherwise', () => {
    const recording = reportFixture(false)
    const [template] = recording.session.templates
    if (!template) throw new Error('the fixture has a template')
    template.sources = ['002_guide.txt']
    expect(buildReport(recording).rounds[0]?.sources).toEqual(['002_guide.txt'])
    const titled = buildReport(recording, { sourceTitles: (files) => files.map((f) => `Title of ${f}`) })
    expect(titled.rounds[0]?.sources).toEqual(['Title of 002_guide.txt'])
  })

  it('gives a peer session one round per swap, with the interviewer of each and only the readable scorecards', () => {
    const fixture = reportFixture(true)
    const ended = fixture.events.find((e) => e.type === 'ended')
    if (!ended) throw new Error('the fixture ends')
    const peer = buildReport({
      ...fixture,
      session: { ...fixture.session, mode: 'peer' },
      events: [
        ...fixture.events.filter((e) => e.type !== 'ended'),
        {
          seq: 90,
          at: ended.at - 60_000,
          actor: 'interviewer',
          type: 'swap',
          payload: { round: 2, swapped: true },
        },
        { ...ended, seq: 91 },
      ],
    })
    expect(peer.rounds.map((r) => [r.round, r.interviewer, r.candidate])).toEqual([
      [1, 'Ana', 'Ben'],
      [2, 'Ben', 'Ana'],
    ])
    expect(peer.rounds[0]?.scorecard?.total.sum).toBe(5)
    expect(peer.rounds[1]?.scorecard).toBeNull()
    // Round 2's clock never started: its phases are all unreached.
    expect(peer.rounds[1]?.phases.every((p) => p.actualMs === 0)).toBe(true)
    const text = reportMarkdown(peer)
    expect(text).toContain('- **Round 2:** Ben interviews Ana: Serve a model')
    expect(text).toContain('### Round 1: Ana interviews Ben')
  })

  it('has no scorecard, verdict or notes for a reader without the private part', () => {
    const plain = buildReport(reportFixture(false))
    expect(plain.withPrivate).toBe(false)
    expect(plain.rounds[0]?.scorecard).toBeNull()
    expect(plain.parts).toHaveLength(15)
  })
})
