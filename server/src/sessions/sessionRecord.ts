import { revealedItemSchema, sessionModes, templateSchema, timerStateSchema } from '@roofline/shared'
import { z } from 'zod'

/**
 * A session as the server keeps it (the `data` of its storage row). The template is a copy
 * taken when the round began, so editing a template later never changes a past session.
 */
export const sessionDataSchema = z.object({
  version: z.literal(1),
  mode: z.enum(sessionModes),
  template: templateSchema,
  names: z.object({ host: z.string(), guest: z.string() }),
  timer: timerStateSchema,
  round: z.number().int().min(1),
  swapped: z.boolean(),
  /** What was revealed in the current round, in order. */
  revealed: z.array(revealedItemSchema),
  endedAt: z.number().nullable(),
})

/** A session's server-side state. */
export type SessionData = z.infer<typeof sessionDataSchema>
