import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { CORK_BELOW_BYTES, WsConnection } from './wsConnection.ts'

/** The server side of one real WebSocket pair, with the client's socket and what it received. */
interface Pair {
  connection: WsConnection
  tcp: Socket
  client: WebSocket
  received: Uint8Array[]
  drops: { buffered: number }[]
  /** System calls that handed frames to the kernel (`_write` and `_writev` of the server's socket). */
  writes: () => number
  /** Resolves when the server side of the socket has closed. */
  closed: Promise<void>
}

const servers: WebSocketServer[] = []
const clients: WebSocket[] = []
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate()
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function open(maxBufferedBytes: number): Promise<Pair> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  servers.push(server)
  await new Promise((resolve) => server.once('listening', resolve))
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve))
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`)
  clients.push(client)
  const received: Uint8Array[] = []
  client.binaryType = 'nodebuffer'
  client.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
  await new Promise((resolve) => client.once('open', resolve))
  const socket = await accepted
  const tcp = (socket as unknown as { _socket: Socket })._socket
  let writes = 0
  for (const name of ['_write', '_writev'] as const) {
    const original = tcp[name] as (...args: unknown[]) => void
    tcp[name] = ((...args: unknown[]) => {
      writes++
      original.apply(tcp, args)
    }) as never
  }
  const drops: { buffered: number }[] = []
  const log = { warn: (fields: object) => drops.push(fields as { buffered: number }) }
  const principal = { role: 'candidate', canWrite: true }
  const connection = new WsConnection(socket, tcp, principal, maxBufferedBytes, log, 'room')
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  return { connection, tcp, client, received, drops, writes: () => writes, closed }
}

const message = (i: number, bytes: number) => new Uint8Array(bytes).fill(i % 256)
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))
const waitFor = async (done: () => boolean) => {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('WsConnection', () => {
  it('sends the small messages of one tick in one write, in order', async () => {
    const pair = await open(1024 * 1024)
    const before = pair.writes()
    for (let i = 0; i < 50; i++) pair.connection.send(message(i, 200))
    expect(pair.tcp.writableCorked).toBe(1)
    await nextTurn()
    expect(pair.tcp.writableCorked).toBe(0)
    expect(pair.writes() - before).toBe(1)
    await waitFor(() => pair.received.length === 50)
    expect(pair.received.map((m) => m[0])).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  it('writes a large message at once, with what the tick held before it', async () => {
    const pair = await open(4 * 1024 * 1024)
    const before = pair.writes()
    pair.connection.send(message(1, 100))
    pair.connection.send(message(2, CORK_BELOW_BYTES))
    // Both reached the kernel before the tick ended: nothing is held.
    expect(pair.tcp.writableCorked).toBe(0)
    expect(pair.writes() - before).toBeGreaterThanOrEqual(1)
    await waitFor(() => pair.received.length === 2)
    expect(pair.received.map((m) => [m[0], m.byteLength])).toEqual([
      [1, 100],
      [2, CORK_BELOW_BYTES],
    ])
  })

  it('does not drop a reader that keeps up when one tick carries more than the bound', async () => {
    const bound = 64 * 1024
    const pair = await open(bound)
    // 96 KiB a tick in 4 KiB messages, five ticks, the client reading in between.
    for (let tick = 0; tick < 5; tick++) {
      for (let i = 0; i < 24; i++) pair.connection.send(message(tick * 24 + i, 4096))
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await waitFor(() => pair.received.length === 120)
    expect(pair.drops).toEqual([])
    expect(pair.received.length).toBe(120)
    expect(pair.received.map((m) => m[0])).toEqual(Array.from({ length: 120 }, (_, i) => i % 256))
  })

  it('drops a reader that stopped reading, having held no more than the bound', async () => {
    const bound = 256 * 1024
    const pair = await open(bound)
    ;(pair.client as unknown as { _socket: Socket })._socket.pause()
    for (let tick = 0; tick < 2000 && pair.drops.length === 0; tick++) {
      for (let i = 0; i < 20; i++) pair.connection.send(message(i, 1000))
      await nextTurn()
    }
    expect(pair.drops.length).toBe(1)
    expect(pair.drops[0]?.buffered).toBeGreaterThan(0)
    expect(pair.drops[0]?.buffered).toBeLessThanOrEqual(bound)
    await pair.closed
  })
})
