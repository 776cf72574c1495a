import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import { CLIENT_BUILD_INFO_FILE, type ClientBuildInfo, tldrawTreatsAsProduction } from '@roofline/shared'
import type { FastifyInstance, FastifyReply } from 'fastify'

/**
 * Client routes, each answered with the single-page app's HTML for its page: `page-<name>.html`,
 * index.html with the page's own preloads (its scripts, styles and fonts, written by the build,
 * see client/buildPlugins/pagePreloads.ts), or index.html itself for a build without it.
 */
const APP_ROUTES: Record<string, string> = {
  '/': 'home',
  '/b/:room': 'board',
  '/s/:session': 'session',
  '/replay/:session': 'replay',
  '/report/:session': 'report',
  '/library': 'library',
}

/** Where Vite writes the build's content-hashed files: a name there never changes content. */
const HASHED_DIR = 'assets'

/** A year, the longest `max-age` caches honour. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** How the static client is served. */
export interface StaticClientOptions {
  /** The origin browsers reach the server at (`ROOFLINE_PUBLIC_URL`), when configured. */
  publicUrl?: string
}

/** The build's `build-info.json`, or null for a build without one. */
function readBuildInfo(clientDir: string): ClientBuildInfo | null {
  try {
    return JSON.parse(readFileSync(path.join(clientDir, CLIENT_BUILD_INFO_FILE), 'utf8')) as ClientBuildInfo
  } catch {
    return null
  }
}

/**
 * Logs a warning when browsers will reach this server at an address where tldraw needs a
 * licence key (https on a domain) and the client was built without one: every board would go
 * blank five seconds after it opens.
 */
function warnOfMissingLicence(app: FastifyInstance, clientDir: string, publicUrl: string | undefined): void {
  if (!publicUrl || !tldrawTreatsAsProduction(new URL(publicUrl))) return
  if (readBuildInfo(clientDir)?.tldrawLicenceKey !== false) return
  app.log.warn(
    { reason: 'tldraw-licence-missing', publicUrl },
    `the client was built without VITE_TLDRAW_LICENSE_KEY, and tldraw needs one at ${publicUrl}: every board will show a licence notice instead of the drawing. Build with VITE_TLDRAW_LICENSE_KEY=<key> pnpm build (see the README, Deployment)`,
  )
}

/**
 * Serves the built client from `clientDir`: its assets, and for each app route its page's HTML
 * (`page-<name>.html`, or index.html).
 * Text files go out as the brotli or gzip copy the build wrote beside them (`x.js.br`,
 * `x.js.gz`), whichever the request's Accept-Encoding prefers, with `Vary: Accept-Encoding`.
 * Hashed assets may be cached for good; everything else (index.html, which names the current
 * assets) is revalidated on every load. Without a build, app routes answer 503 saying how to build it.
 * A build without a tldraw licence key, to be reached over HTTPS on a domain, is warned of.
 */
export async function registerStaticClient(
  app: FastifyInstance,
  clientDir: string,
  options: StaticClientOptions = {},
): Promise<void> {
  const built = existsSync(path.join(clientDir, 'index.html'))
  if (built) warnOfMissingLicence(app, clientDir, options.publicUrl)
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
  for (const [route, page] of Object.entries(APP_ROUTES)) {
    const html = existsSync(path.join(clientDir, `page-${page}.html`)) ? `page-${page}.html` : 'index.html'
    app.get(route, async (_request, reply) => {
      if (!built)
        return reply.code(503).type('text/plain').send('The client is not built yet: run `pnpm build`.')
      return reply.sendFile(html)
    })
  }
}
