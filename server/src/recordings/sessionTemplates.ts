import { checksWithin, defaultPhasePlan, type RubricItem, type Seat, type Template } from '@roofline/shared'
import type { PublicTemplate, RecordedEvent } from '@roofline/shared/replay'
import type { SessionData } from '@roofline/shared/session'
import type { TemplateCatalog } from '../sessions/templateCatalog.ts'

/**
 * What a recording needs of the templates a session used, wherever they are kept: a live
 * session's come from its events, its current template and the catalog; an imported
 * session's from what its archive carried (kept with the session at import). The recording
 * reads both through this one shape, so it has one read path.
 */
export interface SessionTemplates {
  /** The template the session started with. */
  start: PublicTemplate
  /** Public parts of every template the session used, the start template first. */
  used: PublicTemplate[]
  /** The title the library lists the session by. */
  title: string
  /** Whether the session was imported from an archive. */
  imported: boolean
  /** The rubric of template `templateId` as far as this server knows it (empty when it does not). */
  rubric(templateId: string): RubricItem[]
  /**
   * The whole templates among `interviewed` this server knows, cut down to what was revealed:
   * an archive never carries a card or an answer no candidate saw.
   */
  whole(interviewed: ReadonlySet<string>): Template[]
  /** Whose notes and scorecard the link of `seat` reads. */
  privateOf(seat: Seat): Seat | null
}

/** The templates of the session `data`, whose public events are `events`. */
export function sessionTemplates(
  data: SessionData,
  events: RecordedEvent[],
  catalog: TemplateCatalog,
): SessionTemplates {
  return data.imported ? importedTemplates(data.imported) : liveTemplates(data, events, catalog)
}

/** A live session's: from its 'created' and 'template' events, its current template and the catalog. */
function liveTemplates(
  data: SessionData,
  events: RecordedEvent[],
  catalog: TemplateCatalog,
): SessionTemplates {
  const wholeOf = (id: string) => (data.template.id === id ? data.template : catalog.get(id))
  const publicOf = (id: string): PublicTemplate => {
    const template = wholeOf(id)
    if (!template) return { id, title: id, prompt: '', sources: [], phases: defaultPhasePlan }
    const { title, prompt, sources, phases } = template
    return { id, title, prompt, sources, phases }
  }
  const created = events.find((e) => e.type === 'created')?.payload
  const start = created?.template ?? publicOf(created?.templateId ?? data.template.id)
  const used = new Map<string, PublicTemplate>([[start.id, start]])
  for (const event of events) {
    if (event.type !== 'template' || used.has(event.payload.templateId)) continue
    used.set(event.payload.templateId, event.payload.template ?? publicOf(event.payload.templateId))
  }
  if (!used.has(data.template.id)) used.set(data.template.id, publicOf(data.template.id))
  const revealed = new Set(events.flatMap((e) => (e.type === 'reveal' ? [e.payload.id] : [])))
  return {
    start,
    used: [...used.values()],
    title: data.template.title,
    imported: false,
    rubric: (templateId) => wholeOf(templateId)?.rubric ?? [],
    whole: (interviewed) =>
      [...used.values()].flatMap((t) => {
        const whole = interviewed.has(t.id) ? wholeOf(t.id) : undefined
        return whole ? [revealedPart(whole, revealed)] : []
      }),
    privateOf: (seat) => seat,
  }
}

/** An imported session's: what its archive carried, as the import kept it. */
function importedTemplates(imported: NonNullable<SessionData['imported']>): SessionTemplates {
  const start =
    imported.templates.find((t) => t.id === imported.startTemplateId) ??
    (imported.templates[0] as PublicTemplate)
  const wholeTemplates = imported.wholeTemplates ?? []
  return {
    start,
    used: imported.templates,
    title: start.title,
    imported: true,
    rubric: (templateId) =>
      imported.rubrics[templateId] ?? wholeTemplates.find((t) => t.id === templateId)?.rubric ?? [],
    // The exporting server cut them down already.
    whole: (interviewed) => wholeTemplates.filter((t) => interviewed.has(t.id)),
    // An imported session's notes belong to whoever exported them; its only seat is the importer's.
    privateOf: () => imported.privateSeat,
  }
}

/** `whole` with only the clarifying answers and cards in `revealed`, and the worked checks they allow. */
function revealedPart(whole: Template, revealed: ReadonlySet<string>): Template {
  const clarifyingQuestions = whole.clarifyingQuestions.filter((q) => revealed.has(q.id))
  const cards = whole.cards.filter((card) => revealed.has(card.id))
  // Worked figures stated in a cut card would show its text; those stated elsewhere stay.
  const items = new Set([...clarifyingQuestions, ...cards, ...whole.rubric].map((item) => item.id))
  return { ...whole, clarifyingQuestions, cards, checks: checksWithin(whole.checks, items) }
}
