import { z } from 'zod'
import { roomIdSchema } from '../roomId.ts'

/** Body of `POST /api/sessions/:id/replay-links`: with the notes and scorecard or without; `replace` revokes the earlier ones. */
export const replayLinkRequestSchema = z
  .object({
    includePrivate: z.boolean().default(false),
    includeVoices: z.boolean().default(false),
    replace: z.boolean().default(false),
  })
  .strict()

/** Answer of `POST /api/sessions/:id/replay-links`: the new replay link. */
export const replayLinkResponseSchema = z.object({ link: z.string() })

/** Answer of `POST /api/sessions/:id/replay-links`. */
export type ReplayLinkResponse = z.infer<typeof replayLinkResponseSchema>

/** Answer of `DELETE /api/sessions/:id/replay-links`: how many links stopped working. */
export const revokedReplayLinksSchema = z.object({ revoked: z.number().int().nonnegative() })

/** Answer of `DELETE /api/sessions/:id/replay-links`. */
export type RevokedReplayLinks = z.infer<typeof revokedReplayLinksSchema>

/** Answer of `POST /api/archives`: the new session made of the archive, and its replay link. */
export const importedArchiveSchema = z.object({ id: roomIdSchema, replayLink: z.string() })

/** Answer of `POST /api/archives`. */
export type ImportedArchive = z.infer<typeof importedArchiveSchema>
