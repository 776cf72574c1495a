/**
 * Hocuspocus as a benchmark peer: memory only, no extensions, its own process.
 * Prints `listening <port>` once ready.
 */
import { Server } from '@hocuspocus/server'

const server = new Server({
  port: Number(process.env.PORT ?? 0),
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: true,
})
await server.listen()
process.stdout.write(`listening ${server.address.port}\n`)
