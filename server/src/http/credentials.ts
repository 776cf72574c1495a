import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'

/**
 * The token of `Authorization: Bearer <token>` when it has a link token's shape; tokens never
 * travel in URLs, which end up in logs.
 */
export function bearer(request: FastifyRequest): string | null {
  return /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(request.headers.authorization ?? '')?.[1] ?? null
}

/** Whether the request carries `Authorization: Bearer <secret>` (compared in constant time). */
export function secretMatches(request: FastifyRequest, secret: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '')
  const expected = Buffer.from(secret)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** The refusal of a request that needs the server's access secret (`ROOFLINE_CREATE_SECRET`). */
export const SECRET_NEEDED = { error: 'This server needs its access secret for that.' }
