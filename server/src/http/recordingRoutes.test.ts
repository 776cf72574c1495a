import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseOutline, parseRecording } from '@roofline/shared/replay'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { buildServer, type RooflineServer } from './app.ts'

describe('recording routes (in process)', () => {
  let server: RooflineServer
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-recording-routes-'))
  beforeAll(async () => {
    const clientDir = path.join(dir, 'client')
    mkdirSync(clientDir, { recursive: true })
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Roofline test</title>')
    server = await buildServer(
      loadConfig({
        LOG_LEVEL: 'silent',
        ROOFLINE_DATA_DIR: path.join(dir, 'data'),
        ROOFLINE_CLIENT_DIR: clientDir,
      }),
    )
  })
  afterAll(async () => {
    await server.app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function createSession() {
    const response = await server.app.inject({ method: 'POST', url: '/api/sessions', payload: {} })
    const { id, links } = response.json() as { id: string; links: Record<string, string> }
    const token = (role: string) => /#token=(.+)$/.exec(links[role] ?? '')?.[1] ?? ''
    return { id, host: token('interviewer'), guest: token('candidate') }
  }

  it('serves the replay and library pages', async () => {
    for (const url of ['/replay/abc_DEF-1', '/library']) {
      const response = await server.app.inject({ method: 'GET', url })
      expect(response.statusCode, url).toBe(200)
      expect(response.body).toContain('Roofline test')
    }
  })

  it('answers a recording only with a token in the Authorization header', async () => {
    const { id, host } = await createSession()
    const get = (headers: Record<string, string> = {}, url = `/api/sessions/${id}/recording`) =>
      server.app.inject({ method: 'GET', url, headers })
    expect((await get()).statusCode).toBe(401)
    expect((await get({ authorization: 'Bearer nonsense' })).statusCode).toBe(401)
    expect((await get({}, `/api/sessions/${id}/recording?token=${host}`)).statusCode).toBe(401)
    expect(
      (await get({ authorization: `Bearer ${host}` }, '/api/sessions/..%2Fetc/recording')).statusCode,
    ).toBe(404)
    expect((await get({ authorization: `Bearer ${host}` }, '/api/sessions/nope/recording')).statusCode).toBe(
      404,
    )
    const ok = await get({ authorization: `Bearer ${host}` })
    expect(ok.statusCode).toBe(200)
    expect(ok.headers['cache-control']).toBe('no-store')
    const recording = parseRecording(ok.json())
    expect(recording.session.id).toBe(id)
    expect(recording.private?.rounds.map((r) => r.round)).toEqual([1])
    expect(recording.events.map((e) => e.type)).toEqual(['created'])
  })

  it('refuses a malformed replay-link request and a candidate deleting the session', async () => {
    const { id, host, guest } = await createSession()
    const bad = await server.app.inject({
      method: 'POST',
      url: `/api/sessions/${id}/replay-links`,
      headers: { authorization: `Bearer ${host}` },
      payload: { includePrivate: 'yes' },
    })
    expect(bad.statusCode).toBe(400)
    const refused = await server.app.inject({
      method: 'DELETE',
      url: `/api/sessions/${id}`,
      headers: { authorization: `Bearer ${guest}` },
    })
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toEqual({ error: expect.stringMatching(/Only the interviewer/) })
  })

  it('answers the outline and pages of a recording, refusing bad page and link requests', async () => {
    const { id, host, guest } = await createSession()
    const send = (method: 'GET' | 'POST' | 'DELETE', url: string, token = host, payload?: object) =>
      server.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload })
    const base = `/api/sessions/${id}/recording`
    const outline = parseOutline((await send('GET', `${base}/outline`)).json())
    expect(outline.log).toEqual({ seq: [], at: [] })
    expect(outline.private?.rounds.map((r) => r.round)).toEqual([1])
    expect((await send('GET', `${base}/outline`, guest)).statusCode).toBe(403)
    expect((await send('GET', `${base}/log?after=0&limit=10`)).json()).toEqual({ entries: [] })
    for (const query of ['limit=0', 'limit=99999', 'after=-3', 'after=1.5', 'foo=1']) {
      expect((await send('GET', `${base}/log?${query}`)).statusCode, query).toBe(400)
    }
    expect((await send('GET', `${base}/checkpoints/1`)).statusCode).toBe(404)
    expect((await send('GET', `${base}/checkpoints/-1`)).statusCode).toBe(400)
    const links = `/api/sessions/${id}/replay-links`
    expect((await send('POST', links, host, { includePrivate: false, extra: 1 })).statusCode).toBe(400)
    expect((await send('POST', links, host, { replace: 'yes' })).statusCode).toBe(400)
    expect((await send('DELETE', links, guest)).statusCode).toBe(403)
    expect((await send('POST', links, host, { replace: true })).statusCode).toBe(201)
    expect((await send('DELETE', links)).json()).toEqual({ revoked: 1 })
  })

  it('lists a summary for the library', async () => {
    const { id, host } = await createSession()
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/sessions/${id}/summary`,
      headers: { authorization: `Bearer ${host}` },
    })
    expect(response.json()).toMatchObject({
      id,
      mode: 'interview',
      endedAt: null,
      updates: 0,
      imported: false,
    })
  })
})
