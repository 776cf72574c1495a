import fastifyHelmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/**
 * Security headers on every response (@fastify/helmet): `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: no-referrer`, HSTS when the public URL is HTTPS, and a Content Security
 * Policy that fits the client: its own scripts only; inline styles and data:/blob: images and
 * fonts (tldraw sets styles inline and draws exports and pasted images from blobs); workers
 * from blobs; connections to its own origin (the Yjs and socket.io WebSockets included);
 * frames only from the configured embed origins; and no page may frame Roofline.
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { publicUrl: string | undefined; embedOrigins: readonly string[] },
): Promise<void> {
  const https = options.publicUrl?.startsWith('https:') ?? false
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // data:/blob: are read locally (tldraw fetches its inlined icons), never over the network.
        connectSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        mediaSrc: ["'self'", 'data:', 'blob:'],
        frameSrc: options.embedOrigins.length > 0 ? [...options.embedOrigins] : ["'none'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // Only behind HTTPS: on plain http it would send the page's own requests to https.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    // The client loads nothing cross-origin that would need to opt in.
    crossOriginEmbedderPolicy: false,
  })
}
