import { isRoomId } from '@roofline/shared'
import {
  buildReport,
  bytesToBase64,
  type ImportedArchive,
  maxLogPage,
  type ReplayLinkResponse,
  type RevokedReplayLinks,
  recordingToJson,
  replayLink,
  replayLinkRequestSchema,
  reportHtml,
  reportMarkdown,
} from '@roofline/shared/replay'
import { sourceTitles } from '@roofline/templates'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ArchiveError, type CheckpointPolicy, importArchive } from '../recordings/archiveImport.ts'
import { type ArchivedVoiceChunk, isZip, packArchive, unpackArchive } from '../recordings/archiveZip.ts'
import type { RecordingService } from '../recordings/recordingService.ts'
import { SessionError } from '../sessions/sessionService.ts'
import type { Storage } from '../storage/storage.ts'
import type { VoiceService } from '../voice/voiceService.ts'
import type { CreationQuota } from './creationQuota.ts'
import { bearer, SECRET_NEEDED, secretMatches } from './credentials.ts'

interface RecordingRouteOptions {
  recordings: RecordingService
  storage: Storage
  policy: CheckpointPolicy
  /** Largest archive accepted, in bytes. */
  maxArchiveBytes: number
  /** Most board updates and events an imported archive may hold. */
  maxArchiveEntries: number
  /** When set, importing needs `Authorization: Bearer <secret>`, as creating a session does. */
  createSecret: string | undefined
  /** Origin used in links; by default the one the request came to. */
  publicUrl: string | undefined
  /** Each import takes one creation from the caller's allowance. */
  quota: CreationQuota
  /** Recorded voice: who may hear it goes into an archive; an import is held to its session total. */
  voice: VoiceService
}

const seqParam = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)
const logPageQuerySchema = z
  .object({ after: seqParam.default(0), limit: z.coerce.number().int().min(1).max(maxLogPage).default(1000) })
  .strict()

const reportQuerySchema = z.object({ format: z.enum(['json', 'markdown', 'html']).default('json') }).strict()

function mebibytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`
}

/**
 * Recordings, replay links, the library and archives:
 *
 * - `GET /api/sessions/:id/recording`: the whole recording, as an archive file holds it
 *   (`Authorization: Bearer <token>`); notes and the scorecard only for the interviewer's link
 *   or a replay link created with them;
 * - `GET /api/sessions/:id/recording/outline`: the same without the board's bytes (positions
 *   and times of the log and checkpoints, pinned results): what the replay opens on;
 * - `GET /api/sessions/:id/recording/log?after=<seq>&limit=<n>`: a page of the log
 *   (`{entries: [{seq, at, author, update}]}`, updates in base64, at most 5000 entries);
 * - `GET /api/sessions/:id/recording/checkpoints/:seq`: one checkpoint's state, as bytes;
 * - `POST /api/sessions/:id/replay-links` `{includePrivate, includeVoices, replace}`: a new
 *   replay link (interviewer), with the recorded voices when `includeVoices`; with `replace`,
 *   the earlier links of that kind stop working;
 * - `DELETE /api/sessions/:id/replay-links`: revokes every replay link of the session;
 * - `GET /api/sessions/:id/report?format=json|markdown|html`: the session report (summary and
 *   scores, phases against the plan, the diagram's parts and links, pinned calculations, reveals,
 *   notes), under the same rules: a link without notes gets a report without them;
 * - `GET /api/sessions/:id/summary`: the library's line for a session;
 * - `DELETE /api/sessions/:id`: deletes the session and everything of it (the interviewer);
 * - `GET /api/sessions/:id/archive`: the archive as a zip (version 3): the recording as
 *   `/recording` gives it, plus the recorded voices when the token may hear them;
 * - `POST /api/archives`: imports an archive as a new session (JSON, versions 1–2, or a zip,
 *   version 3, with its voices); answers its replay link.
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

  app.get<{ Params: { id: string } }>('/api/sessions/:id/archive', async (request, reply) =>
    forSession(request, reply, async (id) => {
      const token = bearer(request)
      const recording = recordingToJson(await recordings.recording(id, token))
      // The voices only for a token that may hear them; the rest of the archive for any reader.
      const voices = (await options.voice.mayHear(id, token)) ? await options.storage.readVoiceChunks(id) : []
      const zip = packArchive(recording, voices)
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="roofline-${id}.zip"`)
        .type('application/zip')
        .send(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength))
    }),
  )

  app.get<{ Params: { id: string } }>('/api/sessions/:id/recording/outline', async (request, reply) =>
    forSession(request, reply, async (id) =>
      reply.header('cache-control', 'no-store').send(await recordings.outline(id, bearer(request))),
    ),
  )

  app.get<{ Params: { id: string }; Querystring: unknown }>(
    '/api/sessions/:id/recording/log',
    async (request, reply) =>
      forSession(request, reply, async (id) => {
        const query = logPageQuerySchema.safeParse(request.query)
        if (!query.success) {
          return reply
            .code(400)
            .send({ error: `Ask for ?after=<sequence number>&limit=<1 to ${maxLogPage}>.` })
        }
        const entries = await recordings.logPage(id, bearer(request), query.data.after, query.data.limit)
        return reply.header('cache-control', 'no-store').send({
          entries: entries.map((e) => ({
            seq: e.seq,
            at: e.at,
            author: e.author,
            update: bytesToBase64(e.update),
          })),
        })
      }),
  )

  app.get<{ Params: { id: string; seq: string } }>(
    '/api/sessions/:id/recording/checkpoints/:seq',
    async (request, reply) =>
      forSession(request, reply, async (id) => {
        const seq = seqParam.safeParse(request.params.seq)
        if (!seq.success)
          return reply.code(400).send({ error: 'A checkpoint is named by its sequence number.' })
        const state = await recordings.checkpoint(id, bearer(request), seq.data)
        return reply
          .header('cache-control', 'no-store')
          .type('application/octet-stream')
          .send(Buffer.from(state.buffer, state.byteOffset, state.byteLength))
      }),
  )

  app.get<{ Params: { id: string }; Querystring: unknown }>(
    '/api/sessions/:id/report',
    async (request, reply) =>
      forSession(request, reply, async (id) => {
        const query = reportQuerySchema.safeParse(request.query)
        if (!query.success) return reply.code(400).send({ error: 'Ask for ?format=json, markdown or html.' })
        const token = bearer(request)
        const recording = await recordings.recording(id, token)
        // Speaking time comes from the speech levels: only for a reader who may hear the voices.
        const voice = (await options.voice.mayHear(id, token)) ? await options.voice.entries(id) : undefined
        const report = buildReport(recording, { sourceTitles, ...(voice ? { voice } : {}) })
        reply.header('cache-control', 'no-store')
        if (query.data.format === 'markdown')
          return reply.type('text/markdown; charset=utf-8').send(reportMarkdown(report))
        if (query.data.format === 'html')
          return reply.type('text/html; charset=utf-8').send(reportHtml(report))
        return reply.send(report)
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
      if (!parsed.success) {
        return reply.code(400).send({
          error: 'Send {"includePrivate": true|false, "includeVoices": true|false, "replace": true|false}.',
        })
      }
      const { includePrivate, includeVoices, replace } = parsed.data
      const token = await recordings.createReplayToken(id, bearer(request), includePrivate, {
        replace,
        includeVoices,
      })
      request.log.info({ session: id, includePrivate, includeVoices, replace }, 'replay link created')
      return reply
        .code(201)
        .send({ link: replayLink(origin(request), id, token) } satisfies ReplayLinkResponse)
    }),
  )

  app.delete<{ Params: { id: string } }>('/api/sessions/:id/replay-links', async (request, reply) =>
    forSession(request, reply, async (id) => {
      const revoked = await recordings.revokeReplayLinks(id, bearer(request))
      request.log.info({ session: id, revoked }, 'replay links revoked')
      return reply.send({ revoked } satisfies RevokedReplayLinks)
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
    scope.addContentTypeParser(
      ['application/zip', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: options.maxArchiveBytes },
      (_request, body, done) => done(null, body),
    )
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof ArchiveError) {
        request.log.warn({ reason: error.message }, 'refused archive')
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
          .send({ error: 'Send the archive file as JSON (application/json) or a zip (application/zip).' })
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
        onRequest: [
          async (request, reply) => {
            if (options.createSecret !== undefined && !secretMatches(request, options.createSecret)) {
              return reply.code(401).send(SECRET_NEEDED)
            }
          },
          options.quota.hook(),
        ],
      },
      async (request, reply) => {
        let body: unknown = request.body
        let voice: ArchivedVoiceChunk[] = []
        if (Buffer.isBuffer(body)) {
          if (!isZip(body))
            throw new ArchiveError(400, 'This is not a session archive: not JSON, not a zip file.')
            // A zip may unpack larger than it is (the JSON deflates): four times the archive limit at most.
          ;({ recording: body, voice } = unpackArchive(new Uint8Array(body), options.maxArchiveBytes * 4))
          const voiceBytes = voice.reduce((sum, chunk) => sum + chunk.bytes.byteLength, 0)
          if (voiceBytes > options.voice.limits.maxSessionBytes) {
            throw new ArchiveError(
              413,
              `This archive holds more recorded voice than a session may (${voiceBytes} bytes).`,
            )
          }
        }
        const imported = await importArchive(body, {
          storage: options.storage,
          policy: options.policy,
          now: Date.now(),
          maxEntries: options.maxArchiveEntries,
          voice,
        })
        request.log.info({ session: imported.id }, 'archive imported')
        return reply.code(201).send({
          id: imported.id,
          replayLink: replayLink(origin(request), imported.id, imported.hostToken),
        } satisfies ImportedArchive)
      },
    )
  })
}
