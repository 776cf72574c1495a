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
