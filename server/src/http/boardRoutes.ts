import { randomBytes } from 'node:crypto'
import { boardPath, type CreateBoardResponse } from '@roofline/shared'
import type { FastifyInstance } from 'fastify'

/** A new board id: 128 random bits, base64url (22 characters, a valid room id). */
export function newBoardId(): string {
  return randomBytes(16).toString('base64url')
}

/** `POST /api/boards` creates a scratch board and answers with its id and link. */
export function registerBoardRoutes(app: FastifyInstance): void {
  app.post('/api/boards', async (request, reply): Promise<CreateBoardResponse> => {
    const id = newBoardId()
    request.log.info({ room: id }, 'board created')
    reply.code(201)
    return { id, url: boardPath(id) }
  })
}
