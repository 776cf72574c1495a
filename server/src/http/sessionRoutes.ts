import { timingSafeEqual } from 'node:crypto'
import {
  createSessionRequestSchema,
  describeIssues,
  type Template,
  type TemplateStart,
} from '@roofline/shared'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { SessionError, type SessionService } from '../sessions/sessionService.ts'
import { TemplateImportError, type TemplateLibrary } from '../sessions/templateLibrary.ts'

/** What the template list shows: everything a candidate may read, none of the hidden material. */
export function templateSummary(template: Template, custom = false) {
  return {
    custom,
    counts: {
      clarifyingQuestions: template.clarifyingQuestions.length,
      cards: template.cards.length,
      rubric: template.rubric.length,
    },
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
  templates: TemplateLibrary
  /** When set, creating a session needs `Authorization: Bearer <secret>`. */
  createSecret: string | undefined
  /** Origin used in links; by default the one the request came to. */
  publicUrl: string | undefined
}

/** Whether the request carries `Authorization: Bearer <secret>` (compared in constant time). */
export function secretMatches(request: FastifyRequest, secret: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '')
  const expected = Buffer.from(secret)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * `POST /api/sessions` creates a session (body optional: `{}` is a session on the default
 * template) and answers with its three links; `GET /api/templates` lists the templates;
 * `GET /api/templates/:id/start` gives a template's calculator presets and starter diagram.
 */
export function registerSessionRoutes(app: FastifyInstance, options: SessionRouteOptions): void {
  const { service, templates } = options
  const refused = (request: FastifyRequest) =>
    options.createSecret !== undefined && !secretMatches(request, options.createSecret)
  const SECRET_NEEDED = { error: 'This server needs its access secret for that.' }

  app.get('/api/templates', async () =>
    templates.list().map((t) => templateSummary(t, templates.isCustom(t.id))),
  )

  // What a session's board starts with: presets and starter diagram, both shown to everyone.
  app.get<{ Params: { id: string } }>('/api/templates/:id/start', async (request, reply) => {
    const template = templates.get(request.params.id)
    if (!template) return reply.code(404).send({ error: `There is no template "${request.params.id}".` })
    const start: TemplateStart = {
      templateId: template.id,
      presets: template.presets,
      starterDiagram: template.starterDiagram ?? [],
    }
    return start
  })

  // A whole template file, hidden material included: as guarded as creating a session.
  app.get<{ Params: { id: string } }>('/api/templates/:id/file', async (request, reply) => {
    if (refused(request)) return reply.code(401).send(SECRET_NEEDED)
    const template = templates.get(request.params.id)
    if (!template) return reply.code(404).send({ error: `There is no template "${request.params.id}".` })
    return reply.header('content-disposition', `attachment; filename="${template.id}.json"`).send(template)
  })

  app.post('/api/templates', { bodyLimit: 256 * 1024 }, async (request, reply) => {
    if (refused(request)) return reply.code(401).send(SECRET_NEEDED)
    try {
      const template = await templates.import(request.body)
      request.log.info({ template: template.id }, 'template imported')
      return reply.code(201).send(templateSummary(template, true))
    } catch (error) {
      if (error instanceof TemplateImportError) {
        return reply.code(error.status).send({ error: error.message, issues: error.issues })
      }
      throw error
    }
  })

  app.post('/api/sessions', async (request, reply) => {
    if (refused(request)) return reply.code(401).send(SECRET_NEEDED)
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
