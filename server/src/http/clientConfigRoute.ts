import type { ClientConfig } from '@roofline/shared'
import type { FastifyInstance } from 'fastify'

/** `GET /api/client-config`: the configuration the client follows (the embed allow-list; `clientConfigSchema` in shared). */
export function registerClientConfigRoute(app: FastifyInstance, config: ClientConfig): void {
  app.get('/api/client-config', async () => config)
}
