import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { connectClient, records, waitFor, type YClient } from '../support/yClient.ts'

describe('two stock y-websocket clients through a real server', () => {
  let server: RunningServer
  const clients: YClient[] = []
  const client = (room: string) => {
    const c = connectClient(server.wsUrl, room, { params: { token: 'anything' } })
    clients.push(c)
    return c
  }

  beforeEach(async () => {
    server = await startServer()
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server.close()
  })

  it('converges: each sees the other’s edits, concurrent ones included', async () => {
    const a = client('room-a')
    const b = client('room-a')
    await Promise.all([a.synced, b.synced])
    records(a.doc).set('shape:1', { x: 1 })
    records(b.doc).set('shape:2', { x: 2 })
    await waitFor(() => records(a.doc).size === 2 && records(b.doc).size === 2, 'both have both shapes')
    records(a.doc).set('shape:3', { x: 3 })
    records(b.doc).set('shape:3', { x: 33 })
    const shape3 = (c: YClient) => JSON.stringify(records(c.doc).get('shape:3'))
    await waitFor(
      () => records(a.doc).size === 3 && records(b.doc).size === 3 && shape3(a) === shape3(b),
      'concurrent writes to one key converge',
    )
    expect(records(a.doc).get('shape:1')).toEqual({ x: 1 })
    expect([3, 33]).toContain((records(b.doc).get('shape:3') as { x: number }).x)
  })

  it('gives a client that joins late the full state', async () => {
    const a = client('late')
    await a.synced
    for (let i = 0; i < 200; i++) records(a.doc).set(`shape:${i}`, { i })
    const text = a.doc.getText('notes')
    text.insert(0, 'hello board')
    await waitFor(() => server.lifecycle.loadedRoomCount === 1, 'room loaded')
    const late = client('late')
    await late.synced
    expect(records(late.doc).size).toBe(200)
    expect(late.doc.getText('notes').toString()).toBe('hello board')
  })

  it('keeps rooms apart', async () => {
    const a = client('room-x')
    const b = client('room-y')
    await Promise.all([a.synced, b.synced])
    records(a.doc).set('only-x', true)
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(records(b.doc).has('only-x')).toBe(false)
  })

  it('relays awareness (cursors, names) between clients and drops it when one leaves', async () => {
    const a = client('aware')
    const b = client('aware')
    await Promise.all([a.synced, b.synced])
    a.provider.awareness.setLocalStateField('user', { name: 'Ana', color: '#e03131' })
    await waitFor(
      () => (b.provider.awareness.getStates().get(a.doc.clientID)?.user as { name?: string })?.name === 'Ana',
      'b sees Ana',
    )
    a.provider.disconnect()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'Ana removed after leaving')
  })

  it('stores every update in the room log with a server timestamp and author', async () => {
    const before = Date.now()
    const a = client('logged')
    await a.synced
    records(a.doc).set('k', 1)
    records(a.doc).set('k', 2)
    await waitFor(() => server.lifecycle.loadedRoomCount === 1, 'room loaded')
    let log: Awaited<ReturnType<typeof server.storage.readLog>> = []
    await waitFor(() => {
      void server.storage.readLog('logged', 0, 100).then((entries) => {
        log = entries
      })
      return log.length >= 2
    }, 'two updates logged')
    expect(
      log.every((entry) => entry.author === 'editor' && entry.at >= before && entry.at <= Date.now()),
    ).toBe(true)
    const replayed = new Y.Doc()
    for (const entry of log) Y.applyUpdate(replayed, entry.update)
    expect(records(replayed).get('k')).toBe(2)
  })
})
