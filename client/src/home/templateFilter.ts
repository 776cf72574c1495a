/** A template as the browser lists it (no hidden material ever reaches this page). */
export interface TemplateSummary {
  id: string
  title: string
  prompt: string
  tags: string[]
  level: string
  lens: string
  sources: string[]
  custom: boolean
  phases: Array<{ id: string; title: string; minutes: number }>
  counts: { clarifyingQuestions: number; cards: number; rubric: number }
}

/** What the browser filters by; empty strings mean "any". */
export interface TemplateQuery {
  text: string
  tag: string
  level: string
  lens: string
}

/**
 * The templates matching `query`: every word of the search text must appear in the title,
 * prompt or tags (case-insensitive), and tag, level and lens must match when set.
 *
 * @example filterTemplates(all, { text: 'inference', tag: '', level: 'senior', lens: '' })
 */
export function filterTemplates(templates: TemplateSummary[], query: TemplateQuery): TemplateSummary[] {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean)
  return templates.filter((template) => {
    if (query.tag && !template.tags.includes(query.tag)) return false
    if (query.level && template.level !== query.level) return false
    if (query.lens && template.lens !== query.lens) return false
    const haystack = `${template.title} ${template.prompt} ${template.tags.join(' ')}`.toLowerCase()
    return words.every((word) => haystack.includes(word))
  })
}
