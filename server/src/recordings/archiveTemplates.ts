import type { RubricItem, Template } from '@roofline/shared'
import type { PublicTemplate } from '@roofline/shared/replay'
import type { KeptTemplate, SessionData } from '@roofline/shared/session'

/** What an archive says of its templates: public parts, the scorecard's rubrics, and maybe the whole ones. */
export interface ArchiveTemplates {
  /** Public parts of every template the session used. */
  templates: readonly PublicTemplate[]
  startTemplateId?: string | undefined
  /** The rubric of each template, when the archive carried the scorecard. */
  rubrics?: Readonly<Record<string, RubricItem[]>> | undefined
  /** The whole templates, when the interviewer's own archive carried them (version 2 on). */
  wholeTemplates?: readonly Template[] | undefined
}

/**
 * The templates an archive carried, as the session keeps them (`template-kept`), start template
 * first: whole where the archive carried it, else the public part with the scorecard's rubric.
 */
export function archiveKeptTemplates(archive: ArchiveTemplates): KeptTemplate[] {
  const rubrics = archive.rubrics ?? {}
  const start = archive.templates.find((t) => t.id === archive.startTemplateId)
  const ordered = start ? [start, ...archive.templates.filter((t) => t !== start)] : archive.templates
  return ordered.map((template): KeptTemplate => {
    const whole = archive.wholeTemplates?.find((t) => t.id === template.id)
    // A whole template holds its own rubric: the one the exporting server scored the round by.
    if (whole) return { whole }
    return { public: template, rubric: rubrics[template.id] ?? [] }
  })
}

/**
 * The kept templates of a session imported before templates were kept as events: its stored
 * `imported` block held the archive's templates instead. Converted on read, the same way an
 * import converts them now, so such a session replays through the one path and nothing in
 * storage is rewritten. Empty for every other session.
 */
export function legacyKeptTemplates(data: SessionData): KeptTemplate[] {
  const legacy = data.imported
  return legacy?.templates ? archiveKeptTemplates({ ...legacy, templates: legacy.templates }) : []
}
