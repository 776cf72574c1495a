import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { boardPath, type CreateBoardResponse } from '@roofline/shared'
import type { FastifyInstance } from 'fastify'
import { AuthError, type RoomExtension, type RoomLifecycle } from '../rooms/roomLifecycle.ts'
import type { Storage } from '../storage/storage.ts'
import type { CreationQuota } from './creationQuota.ts'
import { SECRET_NEEDED, secretMatches } from './credentials.ts'

const RANDOM_BYTES = 10
const SIGNATURE_BYTES = 6

/** The signature part of a board id made on a server with `secret`: 48 bits of an HMAC. */
function signature(secret: string, random: Buffer): Buffer {
  return createHmac('sha256', secret)
    .update('roofline board\0')
    .update(random)
    .digest()
    .subarray(0, SIGNATURE_BYTES)
}

/**
 * A new board id: 128 random bits, base64url (22 characters, a valid room id). With `secret`,
 * its last 48 bits sign the first 80, so the server knows it made the id.
 */
export function newBoardId(secret?: string): string {
  if (secret === undefined) return randomBytes(16).toString('base64url')
  const random = randomBytes(RANDOM_BYTES)
  return Buffer.concat([random, signature(secret, random)]).toString('base64url')
}

/** Whether `id` is a board id this server made with `secret`. */
export function isSignedBoardId(id: string, secret: string): boolean {
  const bytes = Buffer.from(id, 'base64url')
  if (bytes.length !== RANDOM_BYTES + SIGNATURE_BYTES || bytes.toString('base64url') !== id) return false
  return timingSafeEqual(bytes.subarray(RANDOM_BYTES), signature(secret, bytes.subarray(0, RANDOM_BYTES)))
}

/** Board ids remembered as paid for; the oldest is forgotten first (a board drawn on is stored anyway). */
const MAX_OPENED_BOARDS = 100_000

/**
 * The new boards this process has let open, so that a board is taken from its creator's
 * allowance once: when `POST /api/boards` made it, or when a client first opened it by a made-up
 * id (on a server without a secret, any id opens a board).
 */
export class OpenedBoards {
  readonly #ids = new Set<string>()

  add(roomId: string): void {
    this.#ids.delete(roomId)
    this.#ids.add(roomId)
    if (this.#ids.size > MAX_OPENED_BOARDS) this.#ids.delete(this.#ids.values().next().value as string)
  }

  has(roomId: string): boolean {
    return this.#ids.has(roomId)
  }
}

/**
 * Scratch boards: anyone with the link draws (session rooms are then narrowed by
 * `sessionAccess`). With `secret`, a new board opens only at an id the server made
 * (`POST /api/boards`, which needs the secret); boards already drawn on stay open. Without
 * one, a client may open a board at an id of its own, and that takes one from its address's
 * creation allowance like `POST /api/boards` does (a stranger could otherwise make boards
 * without end through the WebSocket alone).
 */
export function scratchBoardAccess(options: {
  secret: string | undefined
  storage: Storage
  isSession(roomId: string): Promise<boolean>
  quota: CreationQuota
  opened: OpenedBoards
}): RoomExtension {
  const editor = { role: 'editor' as const, canWrite: true }
  const { secret, opened } = options
  return {
    async onAuthenticate({ roomId, address }) {
      if (secret !== undefined && isSignedBoardId(roomId, secret)) return editor
      if (opened.has(roomId)) return editor
      if ((await options.isSession(roomId)) || (await options.storage.hasRoom(roomId))) return editor
      if (secret !== undefined) {
        throw new AuthError(
          403,
          'There is no such board: on this server, a new board comes from its New board button.',
        )
      }
      if (!options.quota.take(address ?? 'unknown')) throw new AuthError(429, options.quota.refusal)
      opened.add(roomId)
      return editor
    },
  }
}

/**
 * Who may use a scratch board's voice (its control connection and its ICE servers): whoever
 * the board's own connection admits (`lifecycle.authenticate` with no token: the same rules,
 * quota included, as opening the board). A session's room is refused outright: a session has
 * its own voice, among its seats, on its own control connection.
 * @throws AuthError saying why not.
 */
export function boardVoiceAccess(
  lifecycle: RoomLifecycle,
  isSession: (roomId: string) => Promise<boolean>,
): (boardId: string, address: string) => Promise<void> {
  return async (boardId, address) => {
    if (await isSession(boardId)) {
      throw new AuthError(403, 'This is a session, not a scratch board: its voice is on the session page.')
    }
    await lifecycle.authenticate({ roomId: boardId, token: null, address })
  }
}

/** `POST /api/boards` creates a scratch board and answers with its id and link. */
export function registerBoardRoutes(
  app: FastifyInstance,
  options: { createSecret: string | undefined; quota: CreationQuota; opened: OpenedBoards },
): void {
  const { createSecret } = options
  app.post('/api/boards', { onRequest: options.quota.hook() }, async (request, reply) => {
    if (createSecret !== undefined && !secretMatches(request, createSecret)) {
      return reply.code(401).send(SECRET_NEEDED)
    }
    const id = newBoardId(createSecret)
    options.opened.add(id)
    request.log.info({ room: id }, 'board created')
    const created: CreateBoardResponse = { id, url: boardPath(id) }
    return reply.code(201).send(created)
  })
}
