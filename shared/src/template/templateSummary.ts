import { z } from 'zod'

/**
 * A template as `GET /api/templates` lists it: everything a candidate may read, none of the
 * hidden material. The server builds it (`templateSummary` in `sessionRoutes.ts`) and the
 * client parses it with this schema, so both ends agree on its shape.
 */
export const templateSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  prompt: z.string(),
  tags: z.array(z.string()),
  level: z.string(),
  lens: z.string(),
  sources: z.array(z.string()),
  /** Imported into this server (not built in). */
  custom: z.boolean(),
  phases: z.array(z.object({ id: z.string(), title: z.string(), minutes: z.number() })),
  counts: z.object({ clarifyingQuestions: z.number(), cards: z.number(), rubric: z.number() }),
})

/** A template's public summary. */
export type TemplateSummary = z.infer<typeof templateSummarySchema>

/** Answer of `GET /api/templates`: every template's summary. */
export const templateListSchema = z.array(templateSummarySchema)

/**
 * Answer of `POST /api/templates`: the imported template's summary and its owner token (which
 * reads the file and deletes the template; only the importer gets it).
 */
export const importedTemplateSchema = templateSummarySchema.extend({ ownerToken: z.string() })

/** Answer of `POST /api/templates`. */
export type ImportedTemplate = z.infer<typeof importedTemplateSchema>
