import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import {
  makeDataDir,
  removeDataDir,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess.ts'
import { connectClient, records, waitFor, type YClient } from '../support/yClient.ts'

/**
 * A client that stops reading (its TCP socket paused: the kernel buffers fill, then the
 * server's) while two others write about 13 MB into its room. The server must drop it once
 * it holds ROOFLINE_MAX_BUFFERED_BYTES for it, without stalling the room, the server or
 * other rooms; when the client reads again it reconnects and catches up.
 */
const MAX_BUFFERED = 1024 * 1024
const WRITES_PER_WRITER = 100
const VALUE_BYTES = 64 * 1024

/** The value writer `w` stores at `i`: large, and different for every write. */
const valueFor = (w: number, i: number) =>
  `${w}:${i}:`.padEnd(VALUE_BYTES, String.fromCharCode(97 + ((w + i) % 26)))

/** Whether `client` holds every write, each with its exact value. */
const holdsAll = (client: YClient) => {
  const map = records(client.doc)
  for (let w = 0; w < 2; w++) {
    for (let i = 0; i < WRITES_PER_WRITER; i++) if (map.get(`w${w}:${i}`) !== valueFor(w, i)) return false
  }
  return true
}

describe('a slow consumer', () => {
  let server: ServerProcess
  let dataDir: string
  const clients: YClient[] = []
  const client = (room: string) => {
    const c = connectClient(server.wsUrl, room)
    clients.push(c)
    return c
  }

  beforeAll(async () => {
    dataDir = makeDataDir()
    server = await startServerProcess(dataDir, { ROOFLINE_MAX_BUFFERED_BYTES: String(MAX_BUFFERED) })
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await server.stop('SIGKILL')
    removeDataDir(dataDir)
  })

  it('is dropped at the bound while its room, the server and other rooms go on; it then catches up', async () => {
    const writers = [client('busy'), client('busy')]
    const watcher = client('busy')
    const slow = client('busy')
    const [here, there] = [client('elsewhere'), client('elsewhere')]
    await Promise.all(clients.map((c) => c.synced))
    const closes = new Map<YClient, number>()
    for (const c of [...writers, watcher, slow]) {
      c.provider.on('connection-close', () => closes.set(c, (closes.get(c) ?? 0) + 1))
    }
    const slowSocket = (slow.provider.ws as unknown as WebSocket & { _socket: NodeJS.Socket })._socket
    slowSocket.pause()

    const started = Date.now()
    const writing = writers.map(async (writer, w) => {
      for (let i = 0; i < WRITES_PER_WRITER; i++) {
        records(writer.doc).set(`w${w}:${i}`, valueFor(w, i))
        if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })
    // While the writes pour in, the server answers and another room syncs.
    expect((await fetch(`${server.url}/api/health`)).ok).toBe(true)
    records(here.doc).set('hello', 'there')
    await waitFor(() => records(there.doc).get('hello') === 'there', 'another room syncs')
    await Promise.all(writing)

    await waitFor(() => holdsAll(watcher), 'the watcher receives every write', 20_000)
    const tookMs = Date.now() - started
    const drops = () => server.logs().filter((line) => line.msg === 'slow consumer dropped')
    await waitFor(() => drops().length > 0, 'the drop is logged')
    const dropped = drops()
    expect(dropped.length).toBeGreaterThanOrEqual(1)
    for (const line of dropped) {
      // What the server held for a client never passed the bound (the kernel's socket buffer aside).
      expect(line.buffered).toBeLessThanOrEqual(MAX_BUFFERED)
      expect(line.reason).toBe('client stopped reading')
    }
    expect(holdsAll(slow)).toBe(false)

    slowSocket.resume()
    await waitFor(() => holdsAll(slow), 'the slow client reconnects and catches up', 20_000)
    // It caught up through a new connection: the server had dropped the paused one.
    expect(closes.get(slow)).toBeGreaterThanOrEqual(1)
    expect(server.child.exitCode).toBeNull()
    const healthyDrops = [...writers, watcher].reduce((n, c) => n + (closes.get(c) ?? 0), 0)
    console.info(
      `slow consumer: ${((2 * WRITES_PER_WRITER * VALUE_BYTES) / 2 ** 20).toFixed(1)} MiB written, ` +
        `all delivered to the watcher in ${tookMs} ms; drops: ${dropped.map((l) => l.buffered).join(', ')} ` +
        `bytes held; reconnects of reading clients: ${healthyDrops}`,
    )
  }, 50_000)
})
