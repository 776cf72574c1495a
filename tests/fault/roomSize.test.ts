import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { useServerProcesses } from '../support/processFixture.ts'
import { openRawClient, syncUpdateMessage } from '../support/rawYjs.ts'
import { healthAfter, syncLatencies } from '../support/serverHealth.ts'

/** A valid board update of about `bytes` bytes: one calculator entry holding a long string. */
function updateOf(bytes: number, key: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap<string>('calc').set(key, 'x'.repeat(bytes))
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** Sends `update` to `room` from a fresh connection; resolves with how the server closed it, or null if it did not within `ms`. */
async function send(wsUrl: string, room: string, update: Uint8Array, ms = 1500) {
  const client = openRawClient(`${wsUrl}/${room}`)
  await client.opened
  client.socket.send(syncUpdateMessage(update))
  const closed = await Promise.race([
    client.closed,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
  ])
  if (!closed) client.socket.close()
  return closed
}

describe('room size limit (ROOFLINE_MAX_ROOM_BYTES)', () => {
  const fixture = useServerProcesses({ ROOFLINE_MAX_ROOM_BYTES: String(300 * 1024) })

  it('refuses an update past the limit (1009, named in the log), keeps what fits, also after a restart', async () => {
    const dataDir = fixture.dataDir()
    let server = await fixture.start(dataDir)
    expect(await send(server.wsUrl, 'big-board', updateOf(200 * 1024, 'a'))).toBeNull()
    const refused = await send(server.wsUrl, 'big-board', updateOf(200 * 1024, 'b'))
    expect(refused?.code).toBe(1009)
    expect(refused?.reason).toMatch(/this board is full/)
    // The log line may reach this process's pipe a moment after the close frame.
    await expect.poll(() => server.output()).toMatch(/refused update/)
    // Another room is not touched by the full one.
    expect(await send(server.wsUrl, 'small-board', updateOf(100 * 1024, 'c'))).toBeNull()
    const latencies = await syncLatencies(server, 'bystander', 30)
    expect(latencies.at(-1)).toBeLessThan(1000)

    await server.stop('SIGTERM')
    server = await fixture.start(dataDir)
    // Counted again from what is stored: still full.
    expect((await send(server.wsUrl, 'big-board', updateOf(200 * 1024, 'd')))?.code).toBe(1009)
    const reader = fixture.client(server, 'big-board')
    await reader.synced
    const calc = reader.doc.getMap<string>('calc')
    expect(calc.get('a')?.length).toBe(200 * 1024)
    expect(calc.has('b')).toBe(false)
    expect(calc.has('d')).toBe(false)
    expect((await healthAfter(server)).status).toBe(200)
  }, 60_000)
})
