import { z } from 'zod'
import { roomIdSchema } from '../roomId.ts'
import { sessionModes } from './roles.ts'

/** A participant's display name: plain text, shown as text (never as HTML). */
export const participantNameSchema = z
  .string()
  .trim()
  .min(1, 'a name cannot be empty')
  .max(40, 'a name is at most 40 characters')

/** Body of `POST /api/sessions`. Every field is optional: `{}` creates a session. */
export const createSessionRequestSchema = z
  .object({
    templateId: z.string().max(80).optional(),
    mode: z.enum(sessionModes).default('interview'),
    names: z
      .object({ interviewer: participantNameSchema.optional(), candidate: participantNameSchema.optional() })
      .strict()
      .default({}),
  })
  .strict()

/** A parsed create request. */
export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>

/** The three links of a session; each carries its own token in the fragment. */
export const sessionLinksSchema = z.object({
  interviewer: z.string(),
  candidate: z.string(),
  observer: z.string(),
})

/** Answer of `POST /api/sessions`. */
export const createSessionResponseSchema = z.object({ id: roomIdSchema, links: sessionLinksSchema })
/** Answer of `POST /api/sessions`. */
export type CreateSessionResponse = z.infer<typeof createSessionResponseSchema>

/** Where a session lives: `/s/<id>#token=<token>`; the fragment never reaches the server or its logs. */
export function sessionLink(origin: string, id: string, token: string): string {
  return `${origin}/s/${encodeURIComponent(id)}#token=${encodeURIComponent(token)}`
}

/** Reads the token from a session link's fragment (`#token=...`). */
export function tokenFromHash(hash: string): string | null {
  // Parsed by hand: shared runs without DOM or Node globals such as URLSearchParams.
  const match = /(?:^#?|&)token=([A-Za-z0-9_-]{16,128})(?:&|$)/.exec(hash)
  return match?.[1] ?? null
}
