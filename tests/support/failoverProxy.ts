import net from 'node:net'

/** A TCP load balancer in front of several server processes, for failover tests. */
export interface FailoverProxy {
  port: number
  close(): Promise<void>
}

/**
 * Starts a proxy on a free loopback port that sends each new connection to the first of
 * `targetPorts` that accepts it: while the first process lives everything goes there; once
 * it is gone, reconnecting clients land on the next one, as behind a load balancer whose
 * health check removed the dead process.
 */
export async function startFailoverProxy(targetPorts: number[]): Promise<FailoverProxy> {
  const sockets = new Set<net.Socket>()
  const track = (socket: net.Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
  }
  const connectFirst = (client: net.Socket, index: number): void => {
    const port = targetPorts[index]
    if (port === undefined || client.destroyed) return void client.destroy()
    const upstream = net.connect(port, '127.0.0.1')
    let connected = false
    upstream.once('error', () => {
      if (!connected) connectFirst(client, index + 1)
    })
    upstream.once('connect', () => {
      connected = true
      track(upstream)
      client.pipe(upstream)
      upstream.pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
      client.resume()
    })
  }
  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    track(client)
    connectFirst(client, 0)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
