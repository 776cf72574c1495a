import { z } from 'zod'

/** One scored criterion. */
export const scoreSchema = z.object({
  score: z.number().int().min(1).max(4).nullable(),
  comment: z.string(),
  at: z.number(),
})
/** One scored criterion. */
export type Score = z.infer<typeof scoreSchema>
