import { z } from 'zod'

/**
 * The body of a refused request (any 4xx or 5xx of `/api/...`): a message for people, and one
 * line per bad field when the server has them. Fastify's own errors say `message`.
 */
export const apiErrorBodySchema = z.object({
  error: z.string().optional(),
  message: z.string().optional(),
  issues: z.array(z.string()).optional(),
})

/** A refused request's body. */
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>

/** Answer of `GET /api/client-config`: what the client follows of the server's configuration; nothing in it is secret. */
export const clientConfigSchema = z.object({
  /** Origins whose pages a board may frame (embed shapes); empty: embeds are off. */
  embedOrigins: z.array(z.string()),
})

/** The client's configuration, as the server gives it. */
export type ClientConfig = z.infer<typeof clientConfigSchema>
