import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { connectControlClient } from '../support/controlClient.ts'
import { fixtureTemplates } from '../support/fixtureTemplates.ts'
import { type RunningServer, startServer } from '../support/inProcessServer.ts'
import { upgradeStatus } from '../support/upgradeStatus.ts'
import { connectClient } from '../support/yClient.ts'

/** An importable template file: the first fixture under another id. */
const templateFile = (id: string, extra: object = {}) => ({ ...fixtureTemplates[0], id, ...extra })

describe('quotas on what anonymous clients create', () => {
  let server: RunningServer
  afterEach(async () => {
    await server.close()
  })
  const post = (path: string, body: unknown, authorization?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    })
  const listed = async () =>
    ((await (await fetch(`${server.url}/api/templates`)).json()) as Array<{ id: string }>).map((t) => t.id)

  it('refuses creations over the per-address allowance with 429 and a clear message, creating nothing', async () => {
    server = await startServer({ ROOFLINE_CREATIONS_PER_HOUR: '3' })
    expect((await post('/api/sessions', {})).status).toBe(201)
    expect((await post('/api/boards', {})).status).toBe(201)
    expect((await post('/api/templates', templateFile('quota-one'))).status).toBe(201)
    for (const [path, body] of [
      ['/api/sessions', {}],
      ['/api/boards', {}],
      ['/api/templates', templateFile('quota-two')],
      ['/api/archives', {}],
    ] as const) {
      const refused = await post(path, body)
      expect(refused.status, path).toBe(429)
      expect(refused.headers.get('retry-after'), path).toBeTruthy()
      expect(((await refused.json()) as { error: string }).error, path).toMatch(/3 an hour/)
    }
    expect(await listed()).not.toContain('quota-two')
  })

  it('refuses a template over the size quota (413) and over the count quota (429), storing neither', async () => {
    server = await startServer({ ROOFLINE_MAX_TEMPLATE_BYTES: '4096', ROOFLINE_MAX_TEMPLATES: '1' })
    const large = await post('/api/templates', templateFile('too-large', { prompt: 'x'.repeat(5000) }))
    expect(large.status).toBe(413)
    expect(((await large.json()) as { error: string }).error).toMatch(/up to 4 KB/)
    expect((await post('/api/templates', templateFile('first-one'))).status).toBe(201)
    const second = await post('/api/templates', templateFile('second-one'))
    expect(second.status).toBe(429)
    expect(((await second.json()) as { error: string }).error).toMatch(/delete one/)
    expect(await listed()).toEqual(expect.not.arrayContaining(['too-large', 'second-one']))
  })

  it('deletes an imported template for its importer only; sessions on it keep working', async () => {
    server = await startServer()
    const imported = (await (await post('/api/templates', templateFile('mine'))).json()) as {
      ownerToken: string
    }
    expect(imported.ownerToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const other = (await (await post('/api/templates', templateFile('theirs'))).json()) as {
      ownerToken: string
    }
    const session = await post('/api/sessions', { templateId: 'mine' })
    expect(session.status).toBe(201)
    const remove = (authorization?: string) =>
      fetch(`${server.url}/api/templates/mine`, {
        method: 'DELETE',
        headers: authorization ? { authorization } : {},
      })
    expect((await remove()).status).toBe(401)
    expect((await remove(`Bearer ${other.ownerToken}`)).status).toBe(403)
    expect(await listed()).toContain('mine')
    // The importer reads the file whole, hidden parts included.
    const file = await fetch(`${server.url}/api/templates/mine/file`, {
      headers: { authorization: `Bearer ${imported.ownerToken}` },
    })
    expect(await file.json()).toMatchObject({ id: 'mine', rubric: fixtureTemplates[0]?.rubric })
    expect((await remove(`Bearer ${imported.ownerToken}`)).status).toBe(204)
    expect(await listed()).not.toContain('mine')
    expect((await remove(`Bearer ${imported.ownerToken}`)).status).toBe(403)
    const { id } = (await session.json()) as { id: string }
    expect(await server.sessions.exists(id)).toBe(true)
  })

  it('puts scratch boards behind the access secret: new boards only from POST /api/boards with it', async () => {
    const secret = 'correct horse battery staple'
    server = await startServer({ ROOFLINE_CREATE_SECRET: secret })
    expect((await post('/api/boards', {})).status).toBe(401)
    expect(await upgradeStatus(`${server.wsUrl}/made-up-board-id`)).toBe(403)
    const created = await post('/api/boards', {}, `Bearer ${secret}`)
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    expect(await upgradeStatus(`${server.wsUrl}/${id}`)).toBe(101)
    // One character changed is another board, unsigned.
    const forged = `${id.slice(0, 3)}${id[3] === 'A' ? 'B' : 'A'}${id.slice(4)}`
    expect(await upgradeStatus(`${server.wsUrl}/${forged}`)).toBe(403)
  })

  it('takes a board opened by a made-up id from the allowance too, once, and never a stored one', async () => {
    server = await startServer({ ROOFLINE_CREATIONS_PER_HOUR: '3' })
    const created = await post('/api/boards', {})
    const { id } = (await created.json()) as { id: string }
    // The board POST made is paid for: opening it (twice) takes nothing more.
    expect(await upgradeStatus(`${server.wsUrl}/${id}`)).toBe(101)
    expect(await upgradeStatus(`${server.wsUrl}/${id}`)).toBe(101)
    // A board drawn on is stored: it opens whatever the allowance.
    const drawn = connectClient(server.wsUrl, 'drawn-board')
    await drawn.synced
    drawn.doc.getMap<number>('calc').set('x', 1)
    for (let tries = 0; !(await server.storage.hasRoom('drawn-board')); tries++) {
      if (tries > 200) throw new Error('the drawn board was never stored')
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    drawn.destroy()
    expect(await upgradeStatus(`${server.wsUrl}/made-up-two`)).toBe(101)
    const refused = await new Promise<{ status: number; body: string }>((resolve) => {
      const socket = new WebSocket(`${server.wsUrl}/made-up-three`)
      socket.once('open', () => {
        socket.close()
        resolve({ status: 101, body: '' })
      })
      socket.once('unexpected-response', (_request, response) => {
        let body = ''
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString()
        })
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      })
    })
    expect(refused.status).toBe(429)
    expect(refused.body).toMatch(/3 an hour/)
    expect(await upgradeStatus(`${server.wsUrl}/made-up-two`)).toBe(101)
    expect(await upgradeStatus(`${server.wsUrl}/drawn-board`)).toBe(101)
    expect(await upgradeStatus(`${server.wsUrl}/${id}`)).toBe(101)
  })

  it('counts the client behind a trusted proxy by X-Forwarded-For, and ignores the header otherwise', async () => {
    const from = (address: string) =>
      fetch(`${server.url}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: '{}',
      })
    server = await startServer({ ROOFLINE_CREATIONS_PER_HOUR: '1', ROOFLINE_TRUST_PROXY: '127.0.0.1' })
    expect((await from('203.0.113.1')).status).toBe(201)
    expect((await from('203.0.113.2')).status).toBe(201)
    expect((await from('203.0.113.1')).status).toBe(429)
    await server.close()
    server = await startServer({ ROOFLINE_CREATIONS_PER_HOUR: '1' })
    expect((await from('203.0.113.1')).status).toBe(201)
    expect((await from('203.0.113.2')).status).toBe(429)
  })

  it('counts an IPv6 client by its /64 (one subscriber holds all of it), and an IPv4-mapped address as the IPv4 one', async () => {
    const from = (address: string) =>
      fetch(`${server.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: '{}',
      })
    server = await startServer({ ROOFLINE_CREATIONS_PER_HOUR: '1', ROOFLINE_TRUST_PROXY: '127.0.0.1' })
    expect((await from('2001:db8:1:2::1')).status).toBe(201)
    expect((await from('2001:db8:1:2:ffff::2')).status).toBe(429)
    expect((await from('2001:0db8:0001:0002:0:0:0:3')).status).toBe(429)
    expect((await from('2001:db8:1:3::1')).status).toBe(201)
    expect((await from('203.0.113.7')).status).toBe(201)
    expect((await from('::ffff:203.0.113.7')).status).toBe(429)
  })

  it('holds an address to its open connections, board and control together, and lets it in again as they close', async () => {
    server = await startServer({ ROOFLINE_MAX_CONNECTIONS_PER_ADDRESS: '3' })
    const created = (await (await post('/api/sessions', {})).json()) as {
      id: string
      links: { interviewer: string }
    }
    const token = new URL(created.links.interviewer).hash.replace('#token=', '')
    const control = await connectControlClient(server.url, created.id, token)
    const boards = await Promise.all(
      ['held-1', 'held-2'].map(async (room) => {
        const socket = new WebSocket(`${server.wsUrl}/${room}`)
        await new Promise((resolve) => socket.once('open', resolve))
        return socket
      }),
    )
    expect(await upgradeStatus(`${server.wsUrl}/one-too-many`)).toBe(429)
    await expect(connectControlClient(server.url, created.id, token)).rejects.toThrow(
      /Too many open connections/,
    )
    boards[0]?.close()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(await upgradeStatus(`${server.wsUrl}/room-again`)).toBe(101)
    control.close()
    for (const socket of boards) socket.close()
  })
})
