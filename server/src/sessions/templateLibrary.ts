import { describeIssues, type Template, templateSchema } from '@roofline/shared'
import { BoundsError, checkValueBounds, type ValueBounds } from '../limits/valueBounds.ts'
import { hashToken, newToken } from '../links/tokens.ts'
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
 * Bounds on an imported file as parsed JSON, checked before anything walks it recursively
 * (`JSON.stringify` measuring it, the schema): a starter diagram's records are free-form, and a
 * file nested some thousands deep overflowed the stack (a 500 with no reason). No template
 * nests past a dozen levels; its byte quota bounds its parts anyway.
 */
const TEMPLATE_BOUNDS: ValueBounds = { maxDepth: 64, maxNodes: 1_000_000 }

/** Limits on imports: how many imported templates a server keeps, and how large one may be. */
export interface TemplateQuota {
  maxTemplates: number
  /** Bytes of the template as compact JSON. */
  maxBytes: number
}

/** An imported template and the hash of its owner token (none for those imported before tokens). */
interface CustomTemplate {
  template: Template
  ownerHash: string | null
}

/**
 * What storage keeps of an imported template: `{template, ownerHash}`; a bare template is one
 * stored before owner tokens existed.
 */
function unwrapStored(data: unknown): { template: unknown; ownerHash: string | null } {
  const envelope = data as { template?: unknown; ownerHash?: unknown } | null
  if (typeof envelope === 'object' && envelope !== null && typeof envelope.ownerHash === 'string') {
    return { template: envelope.template, ownerHash: envelope.ownerHash }
  }
  return { template: data, ownerHash: null }
}

/**
 * The templates sessions can use: the built-in library plus templates people imported, which
 * are validated by the same schema, stored, and listed beside the built-in ones. Whoever
 * imports a template gets its owner token, which reads its file and deletes it.
 */
export class TemplateLibrary implements TemplateCatalog {
  readonly defaultId: string
  readonly #storage: Storage
  readonly #builtIn: Map<string, Template>
  readonly #custom = new Map<string, CustomTemplate>()
  readonly #quota: TemplateQuota

  constructor(options: { builtIn: Template[]; defaultId: string; storage: Storage; quota: TemplateQuota }) {
    this.#builtIn = new Map(options.builtIn.map((template) => [template.id, template]))
    if (!this.#builtIn.has(options.defaultId))
      throw new Error(`the default template "${options.defaultId}" is missing`)
    this.defaultId = options.defaultId
    this.#storage = options.storage
    this.#quota = options.quota
  }

  /** Reads the imported templates from storage; one that no longer validates is skipped. */
  async load(): Promise<{ skipped: string[] }> {
    const skipped: string[] = []
    for (const stored of await this.#storage.listCustomTemplates()) {
      const { template, ownerHash } = unwrapStored(stored.data)
      const parsed = templateSchema.safeParse(template)
      if (parsed.success) this.#custom.set(parsed.data.id, { template: parsed.data, ownerHash })
      else skipped.push(stored.id)
    }
    return { skipped }
  }

  get(id: string): Template | undefined {
    return this.#builtIn.get(id) ?? this.#custom.get(id)?.template
  }

  list(): Template[] {
    return [...this.#builtIn.values(), ...[...this.#custom.values()].map((c) => c.template)].sort((a, b) =>
      a.title.localeCompare(b.title),
    )
  }

  /** Whether `id` is an imported template. */
  isCustom(id: string): boolean {
    return this.#custom.has(id)
  }

  /** Whether `token` is the owner token of the imported template `id`. */
  isOwner(id: string, token: string | null): boolean {
    const ownerHash = this.#custom.get(id)?.ownerHash
    return token !== null && ownerHash !== undefined && ownerHash !== null && hashToken(token) === ownerHash
  }

  /**
   * Validates and stores an imported template file (already parsed from JSON); answers it with
   * its owner token (only its hash is stored).
   * @throws TemplateImportError 400 naming each bad field (or a file nested too deep), 409 when
   *   the id is taken, 413 for a file over the size quota, 429 when the server holds its most
   *   imported templates.
   */
  async import(file: unknown): Promise<{ template: Template; ownerToken: string }> {
    try {
      checkValueBounds(file, TEMPLATE_BOUNDS)
    } catch (error) {
      if (error instanceof BoundsError)
        throw new TemplateImportError(400, `This is not a valid template file: its ${error.message}.`)
      throw error
    }
    const bytes = Buffer.byteLength(JSON.stringify(file) ?? '')
    if (bytes > this.#quota.maxBytes) {
      throw new TemplateImportError(
        413,
        `This template is ${kilobytes(bytes)}; this server accepts template files up to ${kilobytes(this.#quota.maxBytes)}.`,
      )
    }
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
    if (this.#custom.size >= this.#quota.maxTemplates) {
      throw new TemplateImportError(
        429,
        `This server holds ${this.#quota.maxTemplates} imported templates, its most; delete one before importing another.`,
      )
    }
    const ownerToken = newToken()
    const ownerHash = hashToken(ownerToken)
    await this.#storage.addCustomTemplate({
      id: template.id,
      createdAt: Date.now(),
      data: { template, ownerHash },
    })
    this.#custom.set(template.id, { template, ownerHash })
    return { template, ownerToken }
  }

  /**
   * Deletes an imported template. Sessions on it keep their own copy.
   * @throws TemplateImportError 404 when `id` is no imported template.
   */
  async delete(id: string): Promise<void> {
    if (!this.#custom.has(id)) throw new TemplateImportError(404, `There is no imported template "${id}".`)
    await this.#storage.deleteCustomTemplate(id)
    this.#custom.delete(id)
  }
}

function kilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`
}
