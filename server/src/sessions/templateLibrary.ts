import { describeIssues, type Template, templateSchema } from '@roofline/shared'
import { StatusError } from '../statusError.ts'
import type { Storage } from '../storage/storage.ts'
import type { TemplateCatalog } from './templateCatalog.ts'

/** Why an import was refused: `issues` name the field and the reason, one per line. */
export class TemplateImportError extends StatusError {
  override name = 'TemplateImportError'
  readonly issues: string[]
  constructor(status: number, message: string, issues: string[] = []) {
    super(status, message)
    this.issues = issues
  }
}

/**
 * The templates sessions can use: the built-in library plus templates people imported, which
 * are validated by the same schema, stored, and listed beside the built-in ones.
 */
export class TemplateLibrary implements TemplateCatalog {
  readonly defaultId: string
  readonly #storage: Storage
  readonly #builtIn: Map<string, Template>
  readonly #custom = new Map<string, Template>()

  constructor(options: { builtIn: Template[]; defaultId: string; storage: Storage }) {
    this.#builtIn = new Map(options.builtIn.map((template) => [template.id, template]))
    if (!this.#builtIn.has(options.defaultId))
      throw new Error(`the default template "${options.defaultId}" is missing`)
    this.defaultId = options.defaultId
    this.#storage = options.storage
  }

  /** Reads the imported templates from storage; one that no longer validates is skipped. */
  async load(): Promise<{ skipped: string[] }> {
    const skipped: string[] = []
    for (const stored of await this.#storage.listCustomTemplates()) {
      const parsed = templateSchema.safeParse(stored.data)
      if (parsed.success) this.#custom.set(parsed.data.id, parsed.data)
      else skipped.push(stored.id)
    }
    return { skipped }
  }

  get(id: string): Template | undefined {
    return this.#builtIn.get(id) ?? this.#custom.get(id)
  }

  list(): Template[] {
    return [...this.#builtIn.values(), ...this.#custom.values()].sort((a, b) =>
      a.title.localeCompare(b.title),
    )
  }

  /** Whether `id` is an imported template. */
  isCustom(id: string): boolean {
    return this.#custom.has(id)
  }

  /**
   * Validates and stores an imported template file (already parsed from JSON).
   * @throws TemplateImportError 400 naming each bad field, 409 when the id is taken.
   */
  async import(file: unknown): Promise<Template> {
    const parsed = templateSchema.safeParse(file)
    if (!parsed.success) {
      throw new TemplateImportError(400, 'This is not a valid template file.', describeIssues(parsed.error))
    }
    const template = parsed.data
    if (this.get(template.id)) {
      throw new TemplateImportError(
        409,
        `A template with the id "${template.id}" exists already; give yours another id.`,
      )
    }
    await this.#storage.addCustomTemplate({ id: template.id, createdAt: Date.now(), data: template })
    this.#custom.set(template.id, template)
    return template
  }
}
