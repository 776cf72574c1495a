import { isRoomId } from '@roofline/shared'
import { recordingToJson, replayLink } from '@roofline/shared/replay'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ArchiveError, type CheckpointPolicy, importArchive } from '../recordings/archiveImport.ts'
import type { RecordingService } from '../recordings/recordingService.ts'
import { SessionError } from '../sessions/sessionService.ts'
import type { Storage } from '../storage/storage.ts'
import { secretMatches } from './sessionRoutes.ts'

interface RecordingRouteOptions {
  recordings: RecordingService
  storage: Storage
  policy: CheckpointPolicy
  /** Largest archive accepted, in bytes. */
  maxArchiveBytes: number
  /** When set, importing needs `Authorization: Bearer <secret>`, as creating a session does. */
  createSecret: string | undefined
  /** Origin used in links; by default the one the request came to. */
  publicUrl: string | undefined
}

const replayLinkRequestSchema = z.object({ includePrivate: z.boolean().default(false) }).strict()

/** The token of `Authorization: Bearer <token>`; tokens never travel in URLs, which end up in logs. */
function bearer(request: FastifyRequest): string | null {
  return /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(request.headers.authorization ?? '')?.[1] ?? null
}

function mebibytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`
}

/**
 * Recordings, replay links, the library and archives:
 *
 * - `GET /api/sessions/:id/recording`: the recording (`Authorization: Bearer <token>`); notes
 *   and the scorecard only for the interviewer's link or a replay link created with them;
 * - `POST /api/sessions/:id/replay-links` `{includePrivate}`: a new replay link (interviewer);
 * - `GET /api/sessions/:id/summary`: the library's line for a session;
 * - `DELETE /api/sessions/:id`: deletes the session and everything of it (the interviewer);
 * - `POST /api/archives`: imports an archive as a new session; answers its replay link.
 */
export function registerRecordingRoutes(app: FastifyInstance, options: RecordingRouteOptions): void {
  const { recordings } = options
  const origin = (request: FastifyRequest) =>
    (options.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '')

  /** Runs `work` for a valid session id, answering SessionErrors as their status. */
  async function forSession<T>(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    work: (id: string) => Promise<T>,
  ) {
    const { id } = request.params
    if (!isRoomId(id)) return reply.code(404).send({ error: 'There is no such session.' })
    try {
      return await work(id)
    } catch (error) {
      if (error instanceof SessionError) return reply.code(error.status).send({ error: error.message })
      throw error
    }
  }

  app.get<{ Params: { id: string } }>('/api/sessions/:id/recording', async (request, reply) =>
    forSession(request, reply, async (id) => {
      const recording = await recordings.recording(id, bearer(request))
      return reply
        .header('cache-control', 'no-store')
        .type('application/json')
        .send(JSON.stringify(recordingToJson(recording)))
    }),
  )

  app.get<{ Params: { id: string } }>('/api/sessions/:id/summary', async (request, reply) =>
    forSession(request, reply, async (id) =>
      reply.header('cache-control', 'no-store').send(await recordings.summary(id, bearer(request))),
    ),
  )

  app.post<{ Params: { id: string } }>('/api/sessions/:id/replay-links', async (request, reply) =>
    forSession(request, reply, async (id) => {
      const parsed = replayLinkRequestSchema.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send({ error: 'Send {"includePrivate": true|false}.' })
      const token = await recordings.createReplayToken(id, bearer(request), parsed.data.includePrivate)
      request.log.info({ session: id, includePrivate: parsed.data.includePrivate }, 'replay link created')
      return reply.code(201).send({ link: replayLink(origin(request), id, token) })
    }),
  )

  app.delete<{ Params: { id: string } }>('/api/sessions/:id', async (request, reply) =>
    forSession(request, reply, async (id) => {
      await recordings.deleteSession(id, bearer(request))
      request.log.info({ session: id }, 'session deleted')
      return reply.code(204).send()
    }),
  )

  // The archive route lives in its own scope for its body limit and its error messages.
  void app.register(async (scope) => {
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof ArchiveError) {
        return reply.code(error.status).send({ error: error.message, issues: error.issues })
      }
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
        return reply.code(413).send({
          error: `This archive is too large: this server accepts archives up to ${mebibytes(options.maxArchiveBytes)}.`,
        })
      }
      if (error.statusCode === 415) {
        return reply
          .code(415)
          .send({ error: 'Send the archive file as JSON (content-type application/json).' })
      }
      if (error.statusCode === 400) {
        return reply.code(400).send({
          error: 'This archive is damaged: it is not complete JSON (the file may be truncated).',
        })
      }
      request.log.error({ err: String(error) }, 'archive import failed')
      return reply.code(500).send({ error: 'The archive could not be imported; nothing was stored.' })
    })

    scope.post(
      '/api/archives',
      {
        bodyLimit: options.maxArchiveBytes,
        // Checked before the body is read: without the secret, a large upload is not even parsed.
        onRequest: async (request, reply) => {
          if (options.createSecret !== undefined && !secretMatches(request, options.createSecret)) {
            return reply.code(401).send({ error: 'This server needs its access secret for that.' })
          }
        },
      },
      async (request, reply) => {
        const imported = await importArchive(request.body, {
          storage: options.storage,
          policy: options.policy,
          now: Date.now(),
        })
        request.log.info({ session: imported.id }, 'archive imported')
        return reply.code(201).send({
          id: imported.id,
          replayLink: replayLink(origin(request), imported.id, imported.hostToken),
        })
      },
    )
  })
}
