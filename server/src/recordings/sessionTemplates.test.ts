import { initialTimerState, type Template, templateSchema } from '@roofline/shared'
import type { RecordedEvent } from '@roofline/shared/replay'
import { type KeptTemplate, publicTemplate, type SessionData } from '@roofline/shared/session'
import { describe, expect, it } from 'vitest'
import type { TemplateCatalog } from '../sessions/templateCatalog.ts'
import { sessionTemplates } from './sessionTemplates.ts'

function template(id: string, rubricTitle: string): Template {
  return templateSchema.parse({
    schemaVersion: 1,
    id,
    title: `Template ${id}`,
    prompt: 'Design a thing.',
    sources: ['guide.txt'],
    tags: ['inference'],
    level: 'senior',
    lens: 'scale and speed',
    cards: [{ id: 'c-spike', kind: 'stress-test', title: 'A spike', body: 'Traffic doubles.' }],
    rubric: [{ id: 'r-capacity', title: rubricTitle, strong: 'Sizes it.', failure: 'Guesses.' }],
  })
}

function catalogOf(...templates: Template[]): TemplateCatalog {
  const byId = new Map(templates.map((t) => [t.id, t]))
  return { get: (id) => byId.get(id), list: () => templates, defaultId: templates[0]?.id ?? '' }
}

function data(current: Template, imported?: SessionData['imported']): SessionData {
  return {
    version: 1,
    mode: 'peer',
    template: current,
    names: { host: 'Ada', guest: 'Lin' },
    timer: initialTimerState(current.phases),
    round: 2,
    swapped: true,
    revealed: [],
    endedAt: 10,
    ...(imported ? { imported } : {}),
  }
}

const created = (t: Template): RecordedEvent => ({
  seq: 1,
  at: 1,
  actor: 'server',
  type: 'created',
  payload: {
    templateId: t.id,
    mode: 'peer',
    names: { host: 'Ada', guest: 'Lin' },
    template: publicTemplate(t),
  },
})
const switched = (t: Template): RecordedEvent => ({
  seq: 2,
  at: 2,
  actor: 'interviewer',
  type: 'template',
  payload: { templateId: t.id, round: 2, template: publicTemplate(t) },
})

describe('sessionTemplates', () => {
  const alpha = template('alpha', 'Kept rubric')
  const beta = template('beta', 'Beta rubric')

  it("reads a past round's template from what the session kept, never the catalog's later copy", () => {
    const changed = template('alpha', 'Catalog rubric, edited later')
    const templates = sessionTemplates(
      data(beta),
      [created(alpha), switched(beta)],
      [{ whole: alpha }, { whole: beta }],
      catalogOf(changed, beta),
    )
    expect(templates.rubric('alpha').map((r) => r.title)).toEqual(['Kept rubric'])
    expect(templates.whole(new Set(['alpha'])).map((t) => t.rubric[0]?.title)).toEqual(['Kept rubric'])
    // A template gone from the catalog altogether reads the same.
    expect(
      sessionTemplates(data(beta), [created(alpha)], [{ whole: alpha }], catalogOf(beta)).rubric('alpha'),
    ).toEqual(alpha.rubric)
  })

  it('falls back to the current template and the catalog only for a template with nothing kept', () => {
    const old = sessionTemplates(data(beta), [created(alpha), switched(beta)], [], catalogOf(alpha, beta))
    expect(old.rubric('alpha')).toEqual(alpha.rubric)
    expect(old.used.map((t) => t.id)).toEqual(['alpha', 'beta'])
    expect(sessionTemplates(data(beta), [created(alpha)], [], catalogOf(beta)).rubric('alpha')).toEqual([])
  })

  it("gives an imported session's public-only template no whole, even where the catalog has one", () => {
    // An archive without whole templates: the session's own template is a placeholder under another id.
    const placeholder = template('imported', 'Placeholder')
    const kept: KeptTemplate[] = [{ public: publicTemplate(alpha), rubric: alpha.rubric }]
    const marker = { at: 5, sourceId: 'elsewhere', privateSeat: 'host' as const }
    const templates = sessionTemplates(data(placeholder, marker), [], kept, catalogOf(alpha))
    expect(templates.used.map((t) => t.id)).toEqual(['alpha'])
    expect(templates.start.id).toBe('alpha')
    expect(templates.rubric('alpha')).toEqual(alpha.rubric)
    expect(templates.whole(new Set(['alpha']))).toEqual([])
    expect(templates.imported).toBe(true)
    expect(templates.title).toBe('Template alpha')
    expect(templates.privateOf('guest')).toBe('host')
  })

  it('cuts a kept whole template down to what was revealed', () => {
    const revealed: RecordedEvent = {
      seq: 3,
      at: 3,
      actor: 'interviewer',
      type: 'reveal',
      payload: {
        id: 'c-spike',
        kind: 'stress-test',
        title: 'A spike',
        body: 'Traffic doubles.',
        revealedAt: 3,
        sessionClockMs: 0,
        round: 1,
      },
    }
    const hidden = sessionTemplates(data(alpha), [created(alpha)], [{ whole: alpha }], catalogOf())
    expect(hidden.whole(new Set(['alpha']))[0]?.cards).toEqual([])
    const shown = sessionTemplates(data(alpha), [created(alpha), revealed], [{ whole: alpha }], catalogOf())
    expect(shown.whole(new Set(['alpha']))[0]?.cards.map((c) => c.id)).toEqual(['c-spike'])
  })
})
