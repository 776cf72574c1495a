import type { Server as HttpServer, IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

/** A listener of the HTTP server's `upgrade` event. */
export type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void

/**
 * Both Fastify's WebSocket plugin and engine.io listen for HTTP upgrades on the same server,
 * and Fastify would answer /socket.io upgrades with a 404. Routes each upgrade to one owner:
 * /socket.io to engine.io, everything else to the listeners that were there before it.
 */
export function routeUpgrades(httpServer: HttpServer, fastifyListeners: UpgradeListener[]): void {
  const engineListeners = (httpServer.listeners('upgrade') as UpgradeListener[]).filter(
    (listener) => !fastifyListeners.includes(listener),
  )
  httpServer.removeAllListeners('upgrade')
  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const owners = request.url?.startsWith('/socket.io/') ? engineListeners : fastifyListeners
    for (const listener of owners) listener.call(httpServer, request, socket, head)
  })
}
