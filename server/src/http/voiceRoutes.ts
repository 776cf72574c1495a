import {
  isRoomId,
  maxChunkSeq,
  maxTrack,
  type Seat,
  seatSchema,
  VoiceHeader,
  voiceChunkMetaSchema,
} from '@roofline/shared'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { SessionError } from '../sessionError.ts'
import { StatusError } from '../statusError.ts'
import { type IceSettings, iceConfigFor } from '../voice/iceConfig.ts'
import { AfterRecordingError, type VoiceService } from '../voice/voiceService.ts'
import { bearer } from './credentials.ts'

interface VoiceRouteOptions {
  voice: VoiceService
  ice: IceSettings
  /** Whether a client may open a scratch board (then it gets the board's ICE servers). */
  boardAccess: (boardId: string, address: string) => Promise<void>
}

const seqSchema = z.coerce.number().int().min(0).max(maxChunkSeq)
const trackSchema = z.coerce.number().int().min(0).max(maxTrack)

type Params = { id: string; seat?: string; seq?: string; track?: string }

/** Reads a chunk's metadata from its headers, or says what is wrong. */
function chunkMeta(request: FastifyRequest) {
  const header = (name: string) => {
    const value = request.headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  const levels = header(VoiceHeader.levels) ?? ''
  return voiceChunkMetaSchema.safeParse({
    track: header(VoiceHeader.track) ?? '0',
    at: header(VoiceHeader.at),
    durationMs: header(VoiceHeader.duration),
    levels:
      levels.trim() === ''
        ? []
        : levels.split(',').map((level) => (/^\s*\d{1,3}\s*$/.test(level) ? Number(level) : -1)),
    mime: header(VoiceHeader.mime),
  })
}

/**
 * Voice (issue 21), all with `Authorization: Bearer <token>`:
 *
 * - `GET /api/sessions/:id/voice/ice`: the ICE servers for a live seat, TURN with a short-lived
 *   credential (`{iceServers, expiresAt}`);
 * - `PUT /api/sessions/:id/voice/:seat/chunks/:seq`: one recorded chunk (bytes; headers
 *   `x-roofline-track`, `-at`, `-duration`, `-levels`, `-mime`): 201 stored, 200 a duplicate,
 *   403 another seat's path or recording off, 409 other bytes or after the end, 413 too big;
 * - `GET /api/sessions/:id/voice`: the tracks, their chunks' times, sizes and levels;
 * - `GET /api/sessions/:id/voice/:seat/tracks/:track/chunks/:seq`: one chunk's bytes.
 *
 * Reading needs a replay link made with the voices, or an interviewer's link after the end.
 *
 * - `GET /api/boards/:id/voice/ice`: the ICE servers for someone who can open scratch board
 *   `:id` (no token: a board's link is its access). Boards are never recorded.
 */
export function registerVoiceRoutes(app: FastifyInstance, options: VoiceRouteOptions): void {
  const { voice } = options

  async function forSession(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    work: (id: string, seat: Seat | null) => Promise<unknown>,
  ) {
    const { id } = request.params
    if (!isRoomId(id)) return reply.code(404).send({ error: 'There is no such session.' })
    const seat = request.params.seat === undefined ? null : seatSchema.safeParse(request.params.seat)
    if (seat && !seat.success) return reply.code(404).send({ error: 'There is no such seat.' })
    try {
      reply.header('cache-control', 'no-store')
      return await work(id, seat?.data ?? null)
    } catch (error) {
      if (error instanceof SessionError) {
        const after = error instanceof AfterRecordingError ? { afterRecording: true } : {}
        return reply.code(error.status).send({ error: error.message, ...after })
      }
      throw error
    }
  }

  app.get<{ Params: Params }>('/api/sessions/:id/voice/ice', async (request, reply) =>
    forSession(request, reply, async (id) => {
      const seat = await voice.seatOf(id, bearer(request))
      return reply.send(iceConfigFor(options.ice, id, seat, Date.now()))
    }),
  )

  app.get<{ Params: { id: string } }>('/api/boards/:id/voice/ice', async (request, reply) => {
    const { id } = request.params
    if (!isRoomId(id)) return reply.code(404).send({ error: 'There is no such board.' })
    try {
      await options.boardAccess(id, request.ip)
    } catch (error) {
      if (error instanceof StatusError) return reply.code(error.status).send({ error: error.message })
      throw error
    }
    reply.header('cache-control', 'no-store')
    return reply.send(iceConfigFor(options.ice, id, 'board', Date.now()))
  })

  app.get<{ Params: Params }>('/api/sessions/:id/voice', async (request, reply) =>
    forSession(request, reply, async (id) => reply.send(await voice.tracks(id, bearer(request)))),
  )

  app.get<{ Params: Params }>(
    '/api/sessions/:id/voice/:seat/tracks/:track/chunks/:seq',
    async (request, reply) =>
      forSession(request, reply, async (id, seat) => {
        const track = trackSchema.safeParse(request.params.track)
        const seq = seqSchema.safeParse(request.params.seq)
        if (!seat || !track.success || !seq.success) {
          return reply.code(400).send({ error: 'A chunk is named by its track and sequence number.' })
        }
        const bytes = await voice.chunk(id, bearer(request), seat, track.data, seq.data)
        return reply
          .type('application/octet-stream')
          .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      }),
  )

  // Uploads in their own scope: a raw body parser with the chunk limit, and its refusals worded.
  void app.register(async (scope) => {
    const limit = voice.limits.maxChunkBytes
    for (const type of ['application/octet-stream', /^audio\//]) {
      scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) =>
        done(null, body),
      )
    }
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
        return reply.code(413).send({ error: `A chunk is at most ${limit} bytes.` })
      }
      if (error.statusCode === 415) {
        return reply.code(415).send({ error: 'Send the chunk as application/octet-stream.' })
      }
      request.log.error({ err: String(error) }, 'voice upload failed')
      return reply.code(500).send({ error: 'The chunk could not be stored; send it again.' })
    })
    scope.put<{ Params: Params; Body: Buffer }>(
      '/api/sessions/:id/voice/:seat/chunks/:seq',
      async (request, reply) =>
        forSession(request, reply, async (id, seat) => {
          const seq = seqSchema.safeParse(request.params.seq)
          if (!seat || !seq.success)
            return reply.code(400).send({ error: `A chunk number is 0 to ${maxChunkSeq}.` })
          if (!Buffer.isBuffer(request.body)) {
            return reply.code(415).send({ error: 'Send the chunk as application/octet-stream.' })
          }
          const meta = chunkMeta(request)
          if (!meta.success) {
            const problems = meta.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
            return reply.code(400).send({ error: `Invalid chunk headers: ${problems.join('; ')}` })
          }
          const result = await voice.upload(
            id,
            bearer(request),
            seat,
            seq.data,
            meta.data,
            new Uint8Array(request.body),
          )
          return reply.code(result.stored ? 201 : 200).send(result)
        }),
    )
  })
}
