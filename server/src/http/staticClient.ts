import { existsSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** Client routes that all answer with the single-page app's index.html. */
const APP_ROUTES = ['/', '/b/:room', '/s/:session', '/replay/:session', '/library']

/**
 * Serves the built client from `clientDir`: its assets, and index.html for each app route.
 * Without a build, app routes answer 503 saying how to build it.
 */
export async function registerStaticClient(app: FastifyInstance, clientDir: string): Promise<void> {
  const built = existsSync(path.join(clientDir, 'index.html'))
  if (built) {
    await app.register(fastifyStatic, { root: clientDir, index: false, wildcard: true, cacheControl: false })
  }
  for (const route of APP_ROUTES) {
    app.get(route, async (_request, reply) => {
      if (!built)
        return reply.code(503).type('text/plain').send('The client is not built yet: run `pnpm build`.')
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    })
  }
}
