import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  makeDataDir,
  removeDataDir,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess.ts'
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.ts'
import { connectClient, records, waitFor, type YClient } from '../support/yClient.ts'

/**
 * 300 stock clients in 30 rooms, all through one TCP proxy. The proxy cuts every connection
 * at once; the clients keep editing offline; the link comes back and all 300 reconnect
 * together (the provider retries after 100 ms) while still editing. The server must stay
 * up and every room must converge to one document holding every write.
 */
const ROOMS = 30
const PER_ROOM = 10
/** Writes per client: before the cut, while cut off, and during the reconnect. */
const PHASES = { before: 2, offline: 2, storm: 1 } as const
const WRITES_PER_CLIENT = PHASES.before + PHASES.offline + PHASES.storm

describe('a reconnect storm', () => {
  let server: ServerProcess
  let dataDir: string
  let proxy: TcpProxy
  const rooms: YClient[][] = []

  beforeAll(async () => {
    dataDir = makeDataDir()
    server = await startServerProcess(dataDir)
    proxy = await startTcpProxy(Number(new URL(server.url).port))
  })
  afterAll(async () => {
    for (const client of rooms.flat()) client.destroy()
    await proxy.close()
    await server.stop('SIGKILL')
    removeDataDir(dataDir)
  })

  /** Every client writes its share of `phase`: keys `<phase>:<member>:<n>`. */
  const writeAll = (phase: keyof typeof PHASES) => {
    for (const [room, members] of rooms.entries()) {
      for (const [member, client] of members.entries()) {
        for (let n = 0; n < PHASES[phase]; n++) {
          records(client.doc).set(`${phase}:${member}:${n}`, { room, member, phase, n })
        }
      }
    }
  }

  it(`${ROOMS * PER_ROOM} clients drop and reconnect at once; every room converges with every write`, async () => {
    const wsUrl = `ws://127.0.0.1:${proxy.port}/yjs`
    for (let r = 0; r < ROOMS; r++) {
      rooms.push(Array.from({ length: PER_ROOM }, () => connectClient(wsUrl, `storm-${r}`)))
    }
    await Promise.all(rooms.flat().map((client) => client.synced))
    writeAll('before')

    proxy.cut()
    await waitFor(() => rooms.flat().every((client) => !client.provider.wsconnected), 'all 300 see the cut')
    writeAll('offline')
    const reconnecting = Date.now()
    proxy.restore()
    writeAll('storm')

    const complete = (client: YClient) => records(client.doc).size === PER_ROOM * WRITES_PER_CLIENT
    await waitFor(() => rooms.flat().every(complete), 'every client holds every write of its room', 30_000)
    const convergedMs = Date.now() - reconnecting

    for (const [r, members] of rooms.entries()) {
      const first = members[0] as YClient
      const reference = records(first.doc).toJSON()
      for (const client of members) {
        expect(records(client.doc).toJSON()).toEqual(reference)
        expect(Y.encodeStateVector(client.doc)).toEqual(Y.encodeStateVector(first.doc))
      }
      for (let m = 0; m < PER_ROOM; m++) {
        for (const phase of Object.keys(PHASES) as Array<keyof typeof PHASES>) {
          for (let n = 0; n < PHASES[phase]; n++) {
            expect(reference[`${phase}:${m}:${n}`]).toEqual({ room: r, member: m, phase, n })
          }
        }
      }
    }
    expect(server.child.exitCode).toBeNull()
    expect(await (await fetch(`${server.url}/api/health`)).json()).toMatchObject({ ok: true, rooms: ROOMS })
    // The server holds it too: a newcomer straight to the server gets every write.
    const newcomer = connectClient(server.wsUrl, `storm-${ROOMS - 1}`)
    await newcomer.synced
    expect(records(newcomer.doc).size).toBe(PER_ROOM * WRITES_PER_CLIENT)
    newcomer.destroy()
    expect(server.logs().filter((line) => line.level >= 50)).toEqual([])
    console.info(
      `reconnect storm: ${ROOMS * PER_ROOM} clients converged ${convergedMs} ms after the link returned`,
    )
  }, 50_000)
})
