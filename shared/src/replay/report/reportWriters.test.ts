import { describe, expect, it } from 'vitest'
import { buildReport } from './buildReport.ts'
import { hostileText, reportFixture } from './reportFixture.ts'
import { escapeHtml, reportHtml } from './reportHtml.ts'
import { reportMarkdown } from './reportMarkdown.ts'
import { hardwareText, speakingSection } from './reportText.ts'

const full = buildReport(reportFixture(true))
const publicOnly = buildReport(reportFixture(false))

describe('reportMarkdown', () => {
  const markdown = reportMarkdown(full)

  it('opens with the header and the summary: total, recommendation, the interviewer’s words, the rubric', () => {
    expect(markdown).toMatch(/^# Serve a model: interview report\n/)
    expect(markdown).toContain('- **Date:** 2026-12-07 13:00 UTC')
    expect(markdown).toContain('- **Interviewer:** Ana')
    expect(markdown).toContain('- **Candidate:** Ben')
    expect(markdown).toContain(
      '- **Duration:** 6:50 on the interview clock (pauses excluded), ended 2026-12-07 13:07 UTC',
    )
    expect(markdown).toContain('**Total 5 of 8 (2 of 3 criteria scored, mean 2.5 of 4)**')
    expect(markdown).toContain('**Recommendation: Almost there**')
    expect(markdown).toContain('> Solid structure; sizing needs work.')
    expect(markdown).toContain('| Sizes the fleet | 2 / 4 | forgot KV | Derives GPUs from KV | Guesses |')
    expect(markdown).toContain('| Trade-offs | – |  | Names two | None |')
    expect(markdown.indexOf('## Summary')).toBeLessThan(markdown.indexOf('## Time per phase'))
  })

  it('sets phases against the plan, lists the diagram, the calculations, reveals and notes', () => {
    expect(markdown).toContain('| 1 | Clarify | 1:00 | 1:00 | on plan |')
    expect(markdown).toContain('| 1 | Deep dive | 3:00 | 3:50 | **over by 0:50** |')
    expect(markdown).toMatch(
      /The diagram holds 32 GPUs \(32 × H100[^)]*\) in 4 nodes; its 2 model servers ask for 32 \(replicas × TP × PP\)\./,
    )
    expect(markdown).toContain('### Parts (15)')
    expect(markdown).toContain('- **Model server “Decode engine”**: in Decode pool · Engine: vLLM')
    expect(markdown).toContain('### Links (8)')
    expect(markdown).toContain('- Users → Load balancer: “HTTPS”')
    expect(markdown).toMatch(/- Prefill pool → Decode pool: 8 × .*NDR · 400 GB\/s per direction\n/)
    expect(markdown).toContain('Also on the board: 1 other shape (drawings')
    expect(markdown).toContain('### 3:30 KV cache per token (pinned by Ben)')
    expect(markdown).toContain('- Bytes per value: 2 B')
    expect(markdown).toContain(
      '1. Per token: 2 · layers · kvHeads · headDim · bytes = 2 · 80 · 8 · 128 · 2 B = 320 KiB',
    )
    expect(markdown).toContain('- **0:20** (round 1, constraint) **Budget**: 400 GPUs')
    expect(markdown).toContain('- **0:30** asked for p99 latency')
  })

  it('tells a phase left early from the one the clock stopped in and those never reached', () => {
    const [round] = full.rounds
    if (!round) throw new Error('the fixture has a round')
    const cut = {
      ...full,
      rounds: [
        {
          ...round,
          phases: [
            { title: 'Clarify', plannedMs: 60_000, actualMs: 30_000, over: false },
            { title: 'Architecture', plannedMs: 120_000, actualMs: 50_000, over: false },
            { title: 'Deep dive', plannedMs: 180_000, actualMs: 0, over: false },
          ],
        },
      ],
    }
    const text = reportMarkdown(cut)
    expect(text).toContain('| 1 | Clarify | 1:00 | 0:30 | 0:30 under |')
    expect(text).toContain('| 1 | Architecture | 2:00 | 0:50 | stopped here, 1:10 left |')
    expect(text).toContain('| 1 | Deep dive | 3:00 | 0:00 | not reached |')
  })

  it('escapes what people typed so it cannot become markup', () => {
    expect(markdown).not.toContain('<script>')
    expect(markdown).toContain('\\<script\\>alert("x")\\</script\\>')
  })

  it('says the private part is withheld, and prints none of it, for a link without notes', () => {
    const plain = reportMarkdown(publicOnly)
    expect(plain).toContain('private to the interviewer; this link does not include them')
    expect(plain).not.toContain('## Notes')
    expect(plain).not.toContain('Recommendation')
    expect(plain).not.toContain('p99')
    expect(plain).toContain('### Parts (15)')
  })
})

describe('reportHtml', () => {
  const html = reportHtml(full)

  it('is a standalone page with print style and every section', () => {
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('@page { size: A4;')
    for (const title of [
      'Summary',
      'Prompt',
      'Time per phase',
      'Reveals',
      'Diagram at the end',
      'Pinned calculations',
      'Notes',
    ]) {
      expect(html).toContain(`>${title}</h2>`)
    }
    expect(html).toContain('Recommendation: <strong>Almost there</strong>')
    expect(html).toContain('<strong class="report__over">over by 0:50</strong>')
    expect(html).toContain('<li>Bytes per value: <strong>2 B</strong></li>')
  })

  it('escapes a note, a part name and a reveal holding <script>', () => {
    expect(html).not.toContain('<script>')
    const escaped = escapeHtml(hostileText)
    expect(escaped).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    // The note, the part (in the parts list) and the reveal's body.
    expect(html.split(escaped).length - 1).toBe(3)
    expect(html).toContain(`<strong>Queue / log “${escaped}”</strong>`)
  })

  it('leaves the private sections out for a link without notes', () => {
    const plain = reportHtml(publicOnly)
    expect(plain).not.toContain('>Notes</h2>')
    expect(plain).not.toContain('report__rubric')
    expect(plain).toContain('this link does not include them')
  })
})

describe('speaking time per phase', () => {
  const spoken = {
    ...full,
    speaking: [
      { round: 1, phase: 'Clarify', name: 'Ana', speakingMs: 12_000 },
      { round: 1, phase: 'Clarify', name: hostileText, speakingMs: 61_000 },
      { round: 1, phase: 'Deep dive', name: 'Ben', speakingMs: 1_000 },
    ],
  }

  it('is the same rows in Markdown and HTML, between the phases and the reveals', () => {
    const markdown = reportMarkdown(spoken)
    const html = reportHtml(spoken)
    // Each row in Markdown and in HTML; a name people typed stays text in both.
    const rows: Array<[string, string]> = [
      ['## Speaking time per phase', '>Speaking time per phase</h2>'],
      ['level is 20 of 100 or more', 'level is 20 of 100 or more'],
      ['| 1 | Clarify | Ana | 0:12 |', '<tr><td>1</td><td>Clarify</td><td>Ana</td><td>0:12</td></tr>'],
      ['| 1 | Deep dive | Ben | 0:01 |', '<tr><td>1</td><td>Deep dive</td><td>Ben</td><td>0:01</td></tr>'],
      [
        '| 1 | Clarify | \\<script\\>alert("x")\\</script\\> | 1:01 |',
        `<td>${escapeHtml(hostileText)}</td><td>1:01</td>`,
      ],
    ]
    for (const [inMarkdown, inHtml] of rows) {
      expect(markdown).toContain(inMarkdown)
      expect(html).toContain(inHtml)
    }
    expect(html).not.toContain('<script>')
    for (const text of [markdown, html]) {
      expect(text.indexOf('Time per phase')).toBeLessThan(text.indexOf('Speaking time per phase'))
      expect(text.indexOf('Speaking time per phase')).toBeLessThan(text.indexOf('Reveals'))
    }
    expect(speakingSection(spoken)?.rows).toHaveLength(3)
  })

  it('says nobody spoke for an empty list, and has no section without recorded voices', () => {
    const silent = { ...full, speaking: [] }
    expect(reportMarkdown(silent)).toContain('Nobody spoke while the timer ran.')
    expect(reportHtml(silent)).toContain('<p class="report__muted">Nobody spoke while the timer ran.</p>')
    expect(reportHtml(silent)).not.toContain('<th>Person</th>')
    expect(full.speaking).toBeUndefined()
    expect(reportMarkdown(full)).not.toMatch(/speaking time/i)
    expect(reportHtml(full)).not.toMatch(/speaking time/i)
    expect(speakingSection(full)).toBeNull()
  })
})

describe('hardwareText', () => {
  it('says when the servers ask for more GPUs than the diagram holds, and nothing for a diagram without either', () => {
    const hardware = {
      gpus: 8,
      nodes: 1,
      byGpu: [{ name: 'H100', gpus: 8 }],
      modelServers: 1,
      gpusRequested: 16,
    }
    expect(hardwareText(hardware)).toBe(
      'The diagram holds 8 GPUs (8 × H100) in 1 node; its model server asks for 16 (replicas × TP × PP), 8 more than it holds.',
    )
    expect(hardwareText({ ...hardware, gpus: 0, nodes: 0, byGpu: [] })).toBe(
      'The diagram holds no GPU node or cluster; its model server asks for 16 (replicas × TP × PP).',
    )
    expect(hardwareText({ gpus: 0, nodes: 0, byGpu: [], modelServers: 0, gpusRequested: 0 })).toBeNull()
  })
})
