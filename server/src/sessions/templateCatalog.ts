import type { Template } from '@roofline/shared'

/** Where sessions find their templates: the built-in library (and later, imported ones). */
export interface TemplateCatalog {
  /** The template with this id, or undefined. */
  get(id: string): Template | undefined
  /** Every template, sorted for display. */
  list(): Template[]
  /** The template a session gets when none is named. */
  defaultId: string
}

/** A catalog over a fixed list of templates. */
export function templateCatalog(templates: Template[], defaultId: string): TemplateCatalog {
  const byId = new Map(templates.map((template) => [template.id, template]))
  if (!byId.has(defaultId)) throw new Error(`the default template "${defaultId}" is missing`)
  return { get: (id) => byId.get(id), list: () => templates, defaultId }
}
