import { createHash } from 'node:crypto'
import type { Template } from '@roofline/shared'

/**
 * One copy in memory of each distinct template that cached sessions hold.
 *
 * A session stores its own copy of its template (editing a template later never changes a past
 * session), and reading the session back gave each one its own parsed copy: about 21 KiB of
 * objects for the default template, a sixth of the heap a loaded room takes (200 rooms started
 * from one template held 200 equal copies). Equal templates (the same JSON) now share one
 * object, frozen so that no session can change what the others read. It is held weakly: it goes
 * with the last session that holds it, and the table keeps only a 32-byte digest per template.
 */
export class SharedTemplates {
  readonly #byDigest = new Map<string, WeakRef<Template>>()
  readonly #collected = new FinalizationRegistry<string>((digest) => {
    if (this.#byDigest.get(digest)?.deref() === undefined) this.#byDigest.delete(digest)
  })

  /** The shared copy of a template equal to `template` (which becomes it when there is none). */
  share(template: Template): Template {
    const digest = createHash('sha256').update(JSON.stringify(template)).digest('base64')
    const kept = this.#byDigest.get(digest)?.deref()
    if (kept) return kept
    deepFreeze(template)
    this.#byDigest.set(digest, new WeakRef(template))
    this.#collected.register(template, digest)
    return template
  }

  /** Distinct templates held now (for tests). */
  get size(): number {
    return this.#byDigest.size
  }
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const child of Object.values(value)) deepFreeze(child)
}
