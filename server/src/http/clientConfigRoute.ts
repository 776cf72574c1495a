import type { FastifyInstance } from 'fastify'

/** What the client needs to know of the server's configuration; nothing in it is secret. */
export interface ClientConfig {
  /** Origins whose pages a board may frame (embed shapes); empty: embeds are off. */
  embedOrigins: string[]
}

/** `GET /api/client-config`: the configuration the client follows (the embed allow-list). */
export function registerClientConfigRoute(app: FastifyInstance, config: ClientConfig): void {
  app.get('/api/client-config', async () => config)
}
