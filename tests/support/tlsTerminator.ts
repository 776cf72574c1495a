import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import tls from 'node:tls'
import { relay } from './tcpProxy.ts'

/** A TLS front for a plain HTTP server, as a reverse proxy terminating HTTPS would be. */
export interface TlsTerminator {
  port: number
  close(): Promise<void>
}

/**
 * Accepts TLS on a free loopback port, with a fresh self-signed certificate for `hostname`
 * (made by the `openssl` command), and relays the decrypted bytes to `targetPort()`:
 * HTTP requests and WebSocket upgrades alike.
 */
export async function startTlsTerminator(hostname: string, targetPort: () => number): Promise<TlsTerminator> {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-tls-'))
  const key = path.join(dir, 'key.pem')
  const cert = path.join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${hostname}`,
      '-addext',
      `subjectAltName=DNS:${hostname}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  )
  const sockets = new Set<net.Socket>()
  const server = tls.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (client) =>
    relay(client, net.connect(targetPort(), '127.0.0.1'), sockets),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
