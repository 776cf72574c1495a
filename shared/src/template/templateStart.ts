import { z } from 'zod'
import { templateSchema } from './templateSchema.ts'

/**
 * What a session's board starts with, taken from its template: the calculator presets and the
 * starter diagram. Public (`GET /api/templates/:id/start`, and a session's by any of its links at
 * `GET /api/sessions/:id/start`): both end up on the shared board, so nothing here is hidden
 * material.
 */
export const templateStartSchema = z
  .object({
    /** What the board's seed records: the template's id, or in a session's start its opaque template key. */
    templateId: z.string(),
    presets: templateSchema.shape.presets,
    /** tldraw shape and binding records; empty when the template has none. */
    starterDiagram: z.array(z.record(z.string(), z.unknown())).max(500),
  })
  .strict()

/** A template's presets and starter diagram. */
export type TemplateStart = z.infer<typeof templateStartSchema>
