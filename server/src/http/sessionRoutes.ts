import {
  createSessionRequestSchema,
  describeIssues,
  type ImportedTemplate,
  isRoomId,
  type Template,
  type TemplateStart,
  type TemplateSummary,
} from '@roofline/shared'
import { sourceTitles } from '@roofline/templates'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { SessionError, type SessionService } from '../sessions/sessionService.ts'
import { TemplateImportError, type TemplateLibrary } from '../sessions/templateLibrary.ts'
import type { CreationQuota } from './creationQuota.ts'
import { bearer, SECRET_NEEDED, secretMatches } from './credentials.ts'

/** What the template list shows: everything a candidate may read, none of the hidden material. */
export function templateSummary(template: Template, custom = false): TemplateSummary {
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
    sources: sourceTitles(template.sources),
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
  /** Each session or template import takes one creation from the caller's allowance. */
  quota: CreationQuota
  /** Largest template file accepted, in bytes (the body may be pretty-printed: a few times this). */
  maxTemplateBytes: number
}

const FILE_REFUSED =
  "A template file holds the interviewer's hidden material: open it with the interviewer's link of a session that uses it."

/**
 * `POST /api/sessions` creates a session (body optional: `{}` is a session on the default
 * template) and answers with its three links; `GET /api/templates` lists the templates;
 * `GET /api/templates/:id/start` gives a template's calculator presets and starter diagram,
 * `GET /api/sessions/:id/start` the same for a session's current template (any of its links);
 * `GET /api/templates/:id/file` the whole file, only to the interviewer of a session using it
 * (or with the server's access secret).
 */
export function registerSessionRoutes(app: FastifyInstance, options: SessionRouteOptions): void {
  const { service, templates } = options
  const refused = (request: FastifyRequest) =>
    options.createSecret !== undefined && !secretMatches(request, options.createSecret)
  const quota = { onRequest: options.quota.hook() }

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

  // A session's start by its link: the candidate learns nothing of the template's id.
  app.get<{ Params: { id: string } }>('/api/sessions/:id/start', async (request, reply) => {
    if (!isRoomId(request.params.id)) return reply.code(404).send({ error: 'There is no such session.' })
    try {
      return await service.templateStart(request.params.id, bearer(request))
    } catch (error) {
      if (error instanceof SessionError) return reply.code(error.status).send({ error: error.message })
      throw error
    }
  })

  // A whole template file, hidden material included: to whoever may already read all of it.
  app.get<{ Params: { id: string } }>('/api/templates/:id/file', async (request, reply) => {
    const template = await wholeTemplate(request, request.params.id)
    if (template === 'no-credentials') return reply.code(401).send({ error: FILE_REFUSED })
    if (template === 'refused') return reply.code(403).send({ error: FILE_REFUSED })
    if (!template) return reply.code(404).send({ error: `There is no template "${request.params.id}".` })
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${template.id}.json"`)
      .send(template)
  })

  /**
   * The template `id` whole, if the request may read it: with the server's secret, the owner
   * token of an imported template, or the link of the seat interviewing now in a session on
   * that template (its copy of the template).
   */
  async function wholeTemplate(
    request: FastifyRequest,
    id: string,
  ): Promise<Template | undefined | 'no-credentials' | 'refused'> {
    if (options.createSecret !== undefined && secretMatches(request, options.createSecret)) {
      return templates.get(id)
    }
    const token = bearer(request)
    if (!token) return 'no-credentials'
    if (templates.isOwner(id, token)) return templates.get(id)
    try {
      const template = await service.interviewerTemplate(token)
      return template?.id === id ? template : 'refused'
    } catch (error) {
      if (error instanceof SessionError) return 'no-credentials'
      throw error
    }
  }

  // Whitespace of a pretty-printed file does not count: the library measures compact JSON.
  app.post(
    '/api/templates',
    { bodyLimit: 4 * options.maxTemplateBytes, ...quota },
    async (request, reply) => {
      if (refused(request)) return reply.code(401).send(SECRET_NEEDED)
      try {
        const { template, ownerToken } = await templates.import(request.body)
        request.log.info({ template: template.id }, 'template imported')
        // The owner token reads the file and deletes the template: only the importer has it.
        return reply
          .code(201)
          .send({ ...templateSummary(template, true), ownerToken } satisfies ImportedTemplate)
      } catch (error) {
        if (error instanceof TemplateImportError) {
          request.log.warn({ reason: error.message }, 'refused template')
          return reply.code(error.status).send({ error: error.message, issues: error.issues })
        }
        throw error
      }
    },
  )

  // Deleting an imported template: its importer (owner token) or the server's secret.
  app.delete<{ Params: { id: string } }>('/api/templates/:id', async (request, reply) => {
    const { id } = request.params
    const admin = options.createSecret !== undefined && secretMatches(request, options.createSecret)
    if (!admin && !templates.isOwner(id, bearer(request))) {
      return reply.code(request.headers.authorization ? 403 : 401).send({
        error: 'Only whoever imported a template (from the browser that imported it) can delete it.',
      })
    }
    try {
      await templates.delete(id)
    } catch (error) {
      if (error instanceof TemplateImportError) return reply.code(error.status).send({ error: error.message })
      throw error
    }
    request.log.info({ template: id }, 'template deleted')
    return reply.code(204).send()
  })

  app.post('/api/sessions', quota, async (request, reply) => {
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
