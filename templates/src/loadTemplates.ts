import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Template } from '@roofline/shared'
import { describeIssues, templateSchema } from '@roofline/shared'

/**
 * The folder holding the built-in template files. Resolved from this module rather than the
 * working directory, so the server finds the data whether it is started from the repository root,
 * from server/, or by a test runner.
 */
export const builtInTemplateDir: string = fileURLToPath(new URL('../data/', import.meta.url))

/**
 * The template a new board starts with when the interviewer has not picked one: the inference
 * serving prompt is the one most interview guides lead with, and it exercises every calculator.
 */
export const defaultTemplateId = 'llm-inference-10k-qps'

/**
 * A template file that cannot be used. Carries the file and one line per problem
 * (`field: reason`), so whoever edits the data can fix it without reading the loader.
 */
export class TemplateError extends Error {
  /** The file name (not the path) of the offending template. */
  readonly fileName: string
  /** One line per problem, each naming the field and the reason, e.g. `rubric: Required`. */
  readonly issues: string[]

  constructor(fileName: string, issues: string[]) {
    super(`invalid template ${fileName}:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`)
    this.name = 'TemplateError'
    this.fileName = fileName
    this.issues = issues
  }
}

/**
 * Parses and validates one template file's text, filling in defaults (such as the 10/15/20 phase
 * plan). Throws a TemplateError naming the file, the field and the reason when the text is not
 * JSON or does not satisfy the template schema.
 */
export function parseTemplate(text: string, fileName: string): Template {
  let json: unknown
  try {
    // Editors on some platforms save UTF-8 with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new TemplateError(fileName, [`(file): not valid JSON: ${reason}`])
  }
  const result = templateSchema.safeParse(json)
  if (!result.success) throw new TemplateError(fileName, describeIssues(result.error))
  return result.data
}

/**
 * Reads, validates and returns every `*.json` template in `dir` (the built-in data folder by
 * default), sorted by title for display. Fails on the first bad file, in file-name order so the
 * failure is reproducible, because a half-loaded catalogue would hide a broken template from the
 * person who broke it. Each file must be named after its id (so a template can be found from its
 * id without loading them all) and ids must be unique (boards refer to templates by id).
 */
export function loadBuiltInTemplates(dir: string = builtInTemplateDir): Template[] {
  const fileNames = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
  const byId = new Map<string, string>()
  const templates: Template[] = []
  for (const fileName of fileNames) {
    const template = parseTemplate(readFileSync(join(dir, fileName), 'utf8'), fileName)
    const previous = byId.get(template.id)
    if (previous !== undefined) {
      throw new TemplateError(fileName, [`id: "${template.id}" is already used by ${previous}`])
    }
    if (`${template.id}.json` !== fileName) {
      throw new TemplateError(fileName, [
        `id: "${template.id}" does not match the file name; rename the file to ${template.id}.json`,
      ])
    }
    byId.set(template.id, fileName)
    templates.push(template)
  }
  // Titles are what people scan; ids break ties so the order never depends on the file system.
  return templates.sort((a, b) => a.title.localeCompare(b.title, 'en') || a.id.localeCompare(b.id, 'en'))
}
