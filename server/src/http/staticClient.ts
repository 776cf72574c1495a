import { existsSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'

/** Client routes that all answer with the single-page app's index.html. */
const APP_ROUTES = ['/', '/b/:room', '/s/:session', '/replay/:session', '/library']

/** Where Vite writes the build's content-hashed files: a name there never changes content. */
const HASHED_DIR = 'assets'

/** A year, the longest `max-age` caches honour. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * Serves the built client from `clientDir`: its assets, and index.html for each app route.
 * Text files go out as the brotli or gzip copy the build wrote beside them (`x.js.br`,
 * `x.js.gz`), whichever the request's Accept-Encoding prefers, with `Vary: Accept-Encoding`.
 * Hashed assets may be cached for good; everything else (index.html, which names the current
 * assets) is revalidated on every load. Without a build, app routes answer 503 saying how to build it.
 */
export async function registerStaticClient(app: FastifyInstance, clientDir: string): Promise<void> {
  const built = existsSync(path.join(clientDir, 'index.html'))
  const hashedDir = path.join(clientDir, HASHED_DIR) + path.sep
  if (built) {
    await app.register(fastifyStatic, {
      root: clientDir,
      index: false,
      wildcard: true,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply: FastifyReply, file: string) => {
        reply.header('cache-control', file.startsWith(hashedDir) ? IMMUTABLE : 'no-cache')
      },
    })
  }
  for (const route of APP_ROUTES) {
    app.get(route, async (_request, reply) => {
      if (!built)
        return reply.code(503).type('text/plain').send('The client is not built yet: run `pnpm build`.')
      return reply.sendFile('index.html')
    })
  }
}
