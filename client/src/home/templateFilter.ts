import type { TemplateSummary } from '@roofline/shared'

/** What the browser filters by; empty strings mean "any". */
export interface TemplateQuery {
  text: string
  tag: string
  level: string
  lens: string
}

/**
 * The templates matching `query`, most relevant first: every word of the search text must
 * appear in the title, prompt or tags (case-insensitive), and tag, level and lens must match
 * when set. With no search text the list stays as it came (alphabetical from the server).
 *
 * @example filterTemplates(all, { text: 'inference', tag: '', level: 'senior', lens: '' })
 */
export function filterTemplates(templates: TemplateSummary[], query: TemplateQuery): TemplateSummary[] {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean)
  const matching = templates.filter((template) => {
    if (query.tag && !template.tags.includes(query.tag)) return false
    if (query.lens && template.lens !== query.lens) return false
    if (query.level && template.level !== query.level) return false
    const haystack = `${template.title} ${template.prompt} ${template.tags.join(' ')}`.toLowerCase()
    return words.every((word) => haystack.includes(word))
  })
  if (words.length === 0) return matching
  const scored = matching.map((template) => ({ template, score: relevance(template, words) }))
  scored.sort((a, b) => compareScores(a.score, b.score) || a.template.title.localeCompare(b.template.title))
  return scored.map(({ template }) => template)
}

/**
 * How well a template matches the search words: how many of them its title holds, then its
 * tags, then its prompt. A title names what the interview is about, a tag the area, the prompt
 * mentions many things in passing; so one title word outranks any number of prompt words.
 *
 * @example relevance(kvCacheTemplate, ['kv', 'cache']) // [2, 0, 1]
 */
export function relevance(template: TemplateSummary, words: readonly string[]): [number, number, number] {
  const count = (text: string) => words.filter((word) => text.includes(word)).length
  return [
    count(template.title.toLowerCase()),
    count(template.tags.join(' ').toLowerCase()),
    count(template.prompt.toLowerCase()),
  ]
}

/** Orders relevance scores highest first, field by field. */
function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (b[i] ?? 0) - (a[i] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}
