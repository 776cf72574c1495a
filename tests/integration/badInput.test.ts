import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { sendRaw, syncUpdateMessage } from '../support/rawYjs.ts'
import {
  makeDataDir,
  removeDataDir,
  type ServerProcess,
  startServerProcess,
} from '../support/serverProcess.ts'
import { connectClient, records, waitFor, type YClient } from '../support/yClient.ts'

const LIMIT = 64 * 1024

describe('bad input on the Yjs endpoint', () => {
  let server: ServerProcess
  let dataDir: string
  let good: YClient
  let other: YClient

  beforeAll(async () => {
    dataDir = makeDataDir()
    server = await startServerProcess(dataDir, { ROOFLINE_MAX_MESSAGE_BYTES: String(LIMIT) })
    good = connectClient(server.wsUrl, 'target')
    other = connectClient(server.wsUrl, 'target')
    await Promise.all([good.synced, other.synced])
    records(good.doc).set('before', 'intact')
    await waitFor(() => records(other.doc).get('before') === 'intact', 'baseline synced')
  })
  afterAll(async () => {
    good.destroy()
    other.destroy()
    await server.stop('SIGTERM')
    removeDataDir(dataDir)
  })

  const validUpdate = () => {
    const doc = new Y.Doc()
    doc.getMap('test-records').set('x', 1)
    return Y.encodeStateAsUpdate(doc)
  }

  const cases: Array<[string, () => Buffer | string, number]> = [
    ['random bytes', () => Buffer.from([0xff, 0x13, 0x07, 0x99, 0x01]), 1002],
    ['an unknown message type', () => Buffer.from([9, 0]), 1002],
    ['a truncated update', () => syncUpdateMessage(validUpdate()).subarray(0, 9), 1002],
    ['an update with garbled bytes', () => syncUpdateMessage(new Uint8Array([5, 200, 1, 7, 7, 7, 7])), 1002],
    ['a malformed awareness message', () => Buffer.from([1, 4, 1, 2, 3, 250]), 1002],
    ['a text message', () => 'hello', 1002],
    ['a message over the size limit', () => Buffer.alloc(LIMIT + 1, 0), 1009],
  ]

  for (const [name, payload, code] of cases) {
    it(`closes the connection on ${name}, and the room and other clients go on`, async () => {
      const closed = await sendRaw(`${server.wsUrl}/target`, payload())
      expect(closed.code).toBe(code)
      const key = `after ${name}`
      records(good.doc).set(key, true)
      await waitFor(() => records(other.doc).get(key) === true, 'room still relays')
      expect(records(other.doc).get('before')).toBe('intact')
    })
  }

  it('logs every refusal with its reason', () => {
    const log = server.output()
    expect(log).toMatch(/"reason":"malformed message[^"]*","msg":"refused message"/)
    expect(log).toMatch(/"reason":"unknown message type 9","msg":"refused message"/)
    expect(log).toContain('Max payload size exceeded')
  })

  it('refuses a malformed room id before the upgrade, and answers 404 to unknown routes', async () => {
    for (const bad of ['has%20space', 'a'.repeat(65), 'dots.and.slashes']) {
      const status = await new Promise<number | undefined>((resolve) => {
        const socket = new WebSocket(`${server.wsUrl}/${bad}`)
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode))
        socket.on('open', () => resolve(101))
        socket.on('error', () => {})
      })
      expect(status, bad).toBe(400)
    }
    expect((await fetch(`${server.url}/no/such/route`)).status).toBe(404)
    expect((await fetch(`${server.url}/api/nothing`, { method: 'POST' })).status).toBe(404)
  })

  it('has stored nothing from the refused messages', async () => {
    good.destroy()
    other.destroy()
    await server.stop('SIGTERM')
    server = await startServerProcess(dataDir)
    good = connectClient(server.wsUrl, 'target')
    other = connectClient(server.wsUrl, 'target')
    await good.synced
    expect(records(good.doc).get('before')).toBe('intact')
    expect(records(good.doc).has('x')).toBe(false)
    expect([...records(good.doc).keys()].filter((k) => k.startsWith('after ')).length).toBe(cases.length)
  })
})
