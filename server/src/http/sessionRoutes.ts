import { timingSafeEqual } from 'node:crypto'
import { createSessionRequestSchema, describeIssues, type Template } from '@roofline/shared'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { SessionError, type SessionService } from '../sessions/sessionService.ts'

/** What the template list shows: everything a candidate may read, none of the hidden material. */
export function templateSummary(template: Template) {
  return {
    id: template.id,
    title: template.title,
    prompt: template.prompt,
    tags: template.tags,
    level: template.level,
    lens: template.lens,
    sources: template.sources,
    phases: template.phases,
  }
}

interface SessionRouteOptions {
  service: SessionService
  /** When set, creating a session needs `Authorization: Bearer <secret>`. */
  createSecret: string | undefined
  /** Origin used in links; by default the one the request came to. */
  publicUrl: string | undefined
}

function secretMatches(request: FastifyRequest, secret: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '')
  const expected = Buffer.from(secret)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * `POST /api/sessions` creates a session (body optional: `{}` is a session on the default
 * template) and answers with its three links; `GET /api/templates` lists the templates.
 */
export function registerSessionRoutes(app: FastifyInstance, options: SessionRouteOptions): void {
  const { service } = options

  app.get('/api/templates', async () => service.templates.list().map(templateSummary))

  app.post('/api/sessions', async (request, reply) => {
    if (options.createSecret && !secretMatches(request, options.createSecret)) {
      return reply.code(401).send({ error: 'Creating sessions on this server needs its access secret.' })
    }
    const parsed = createSessionRequestSchema.safeParse(request.body ?? {})
    if (!parsed.success) {
      return reply.code(400).send({ error: 'Invalid session request', issues: describeIssues(parsed.error) })
    }
    const origin = options.publicUrl ?? `${request.protocol}://${request.host}`
    try {
      const created = await service.create(parsed.data, origin.replace(/\/$/, ''))
      request.log.info({ session: created.id, mode: parsed.data.mode }, 'session created')
      return reply.code(201).send(created)
    } catch (error) {
      if (error instanceof SessionError) return reply.code(error.status).send({ error: error.message })
      throw error
    }
  })
}
