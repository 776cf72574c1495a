import { z } from 'zod'
import { rubricItemSchema, templateSchema } from '../template/templateSchema.ts'
import { timerStateSchema } from '../timer/timerMachine.ts'
import { revealedItemSchema } from './controlEvents.ts'
import { seatSchema, sessionModes } from './roles.ts'
import { publicTemplateSchema } from './sessionEvents.ts'
import { voiceStateSchema } from './voiceEvents.ts'

/**
 * A session as the server keeps it (the `data` of its storage row): the state
 * {@link applySessionCommand} works on. The template is a copy
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
  /** Whether the interviewer let the candidate insert example diagrams (absent: not allowed). */
  examplesAllowed: z.boolean().optional(),
  endedAt: z.number().nullable(),
  /** Voice recording consent and the observer's permission to speak (absent: never touched). */
  voice: voiceStateSchema.optional(),
  /**
   * Set on a session imported from an archive: it exists only to be replayed, and what differs
   * in it is only this. Its templates are `template-kept` events like any session's.
   */
  imported: z
    .object({
      at: z.number(),
      /** The session id on the server it was exported from. */
      sourceId: z.string(),
      /** Whose notes and scorecard the archive carried (the seat that exported it), or null. */
      privateSeat: seatSchema.nullable(),
      /**
       * Legacy, never written since templates are kept as events: what a session imported
       * before then kept here instead. Read by `legacyKeptTemplates` into the same kept
       * templates the events give, so such a session reads through the one path.
       */
      templates: z.array(publicTemplateSchema).min(1).optional(),
      startTemplateId: z.string().optional(),
      rubrics: z.record(z.string(), z.array(rubricItemSchema)).optional(),
      wholeTemplates: z.array(templateSchema).optional(),
    })
    .optional(),
})

/** A session's server-side state. */
export type SessionData = z.infer<typeof sessionDataSchema>
