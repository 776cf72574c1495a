import { checksWithin, defaultPhasePlan, type RubricItem, type Seat, type Template } from '@roofline/shared'
import type { PublicTemplate, RecordedEvent } from '@roofline/shared/replay'
import {
  type KeptTemplate,
  keptParts,
  type SessionData,
  type StoredSessionEvent,
} from '@roofline/shared/session'
import type { TemplateCatalog } from '../sessions/templateCatalog.ts'
import { legacyKeptTemplates } from './archiveTemplates.ts'

/**
 * What a recording needs of the templates a session used. One read path for every session:
 * the templates it kept (`template-kept` events, written at creation, on every switch and by
 * an archive import), and its public events for which template each round used. The current
 * template and the catalog are only a fallback for a template with nothing kept (a session
 * recorded before templates were kept); a session imported before then has its kept templates
 * converted on read from its stored `imported` block (see `legacyKeptTemplates`).
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
  /** The rubric of template `templateId` as the session used it (empty when nothing says). */
  rubric(templateId: string): RubricItem[]
  /**
   * The whole templates among `interviewed` the session knows, cut down to what was revealed:
   * an archive never carries a card or an answer no candidate saw.
   */
  whole(interviewed: ReadonlySet<string>): Template[]
  /** Whose notes and scorecard the link of `seat` reads. */
  privateOf(seat: Seat): Seat | null
}

/** The templates a session kept, from its (checked) events, in order. */
export function keptTemplates(events: readonly StoredSessionEvent[]): KeptTemplate[] {
  return events.flatMap((event) => (event.type === 'template-kept' ? [event.payload] : []))
}

/**
 * The templates of the session `data`, whose public events are `events` and kept templates
 * `kept` (see {@link keptTemplates}).
 */
export function sessionTemplates(
  data: SessionData,
  events: RecordedEvent[],
  kept: readonly KeptTemplate[],
  catalog: TemplateCatalog,
): SessionTemplates {
  // The last kept copy of an id wins, as the session's current template does.
  const keptById = new Map(
    [...legacyKeptTemplates(data), ...kept].map((k) => {
      const parts = keptParts(k)
      return [parts.public.id, parts] as const
    }),
  )
  // Nothing kept: a session recorded before templates were kept reads what the server has.
  const fallback = (id: string) => (data.template.id === id ? data.template : catalog.get(id))
  const publicOf = (id: string): PublicTemplate => {
    const known = keptById.get(id)?.public ?? fallback(id)
    if (!known) return { id, title: id, prompt: '', sources: [], phases: defaultPhasePlan }
    const { title, prompt, sources, phases } = known
    return { id, title, prompt, sources, phases }
  }
  const wholeOf = (id: string) => {
    const known = keptById.get(id)
    return known ? known.whole : (fallback(id) ?? null)
  }
  const created = events.find((e) => e.type === 'created')?.payload
  const firstKept = keptById.values().next().value?.public
  const start = created?.template ?? publicOf(created?.templateId ?? firstKept?.id ?? data.template.id)
  const used = new Map<string, PublicTemplate>([[start.id, start]])
  for (const event of events) {
    if (event.type !== 'template' || used.has(event.payload.templateId)) continue
    used.set(event.payload.templateId, event.payload.template ?? publicOf(event.payload.templateId))
  }
  // Every template kept counts as used (an archive may carry one no event names); the current
  // template only when nothing is kept (an import's may be a placeholder under another id).
  for (const id of keptById.size > 0 ? keptById.keys() : [data.template.id]) {
    if (!used.has(id)) used.set(id, publicOf(id))
  }
  const revealed = new Set(events.flatMap((e) => (e.type === 'reveal' ? [e.payload.id] : [])))
  const { imported } = data
  return {
    start,
    used: [...used.values()],
    // An imported session is listed as its archive started; a live one by its current template.
    title: imported ? start.title : data.template.title,
    imported: imported !== undefined,
    rubric: (templateId) => keptById.get(templateId)?.rubric ?? fallback(templateId)?.rubric ?? [],
    whole: (interviewed) =>
      [...used.values()].flatMap((t) => {
        const whole = interviewed.has(t.id) ? wholeOf(t.id) : null
        return whole ? [revealedPart(whole, revealed)] : []
      }),
    // An imported session's notes belong to whoever exported them; its only seat is the importer's.
    privateOf: (seat) => (imported ? imported.privateSeat : seat),
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
