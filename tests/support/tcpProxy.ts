import net from 'node:net'

/** A TCP proxy whose link can be cut and restored: a real network outage for one client. */
export interface TcpProxy {
  port: number
  /** Drops every open connection and refuses new ones until `restore`. */
  cut(): void
  restore(): void
  close(): Promise<void>
}

/**
 * Pipes `client` and `upstream` into each other until either closes, which closes the other;
 * both are kept in `sockets` while open (to be destroyed at once), and their errors end them quietly.
 */
export function relay(client: net.Socket, upstream: net.Socket, sockets: Set<net.Socket>): void {
  for (const socket of [client, upstream]) {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
  }
  client.pipe(upstream)
  upstream.pipe(client)
  client.on('close', () => upstream.destroy())
  upstream.on('close', () => client.destroy())
}

/** Starts a proxy on a free loopback port that forwards to `targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>()
  let down = false
  const server = net.createServer((client) => {
    if (down) return client.destroy()
    relay(client, net.connect(targetPort, '127.0.0.1'), sockets)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as net.AddressInfo
  return {
    port: address.port,
    cut() {
      down = true
      for (const socket of sockets) socket.destroy()
    },
    restore() {
      down = false
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
