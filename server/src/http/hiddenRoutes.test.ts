import { mkdtempSync, rmSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { defaultTemplateId, loadBuiltInTemplates } from '@roofline/templates'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { originAllowed } from '../control/originCheck.ts'
import { buildServer, type RooflineServer } from './app.ts'
import { isSignedBoardId, newBoardId } from './boardRoutes.ts'
import { CreationQuota } from './creationQuota.ts'

const dirs: string[] = []
const servers: RooflineServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.app.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function build(env: Record<string, string> = {}): Promise<RooflineServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-hidden-'))
  dirs.push(dir)
  const server = await buildServer(loadConfig({ LOG_LEVEL: 'silent', ROOFLINE_DATA_DIR: dir, ...env }))
  servers.push(server)
  return server
}

const template = loadBuiltInTemplates().find((t) => t.id === defaultTemplateId)

describe('template files and session starts (in process)', () => {
  it('gives a template file only to the interviewer of a session on it, or with the secret', async () => {
    const secret = 'correct horse battery staple'
    const { app } = await build({ ROOFLINE_CREATE_SECRET: secret })
    const created = await app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { authorization: `Bearer ${secret}` },
      payload: {},
    })
    const { id, links } = created.json() as { id: string; links: Record<string, string> }
    const token = (role: string) => new URL(links[role] ?? '').hash.replace('#token=', '')
    const file = (authorization?: string) =>
      app.inject({
        method: 'GET',
        url: `/api/templates/${defaultTemplateId}/file`,
        headers: authorization ? { authorization } : {},
      })
    expect((await file()).statusCode).toBe(401)
    expect((await file(`Bearer ${token('candidate')}`)).statusCode).toBe(403)
    expect((await file(`Bearer ${token('observer')}`)).statusCode).toBe(403)
    const interviewer = await file(`Bearer ${token('interviewer')}`)
    expect(interviewer.statusCode).toBe(200)
    expect(interviewer.headers['cache-control']).toBe('no-store')
    expect(interviewer.json()).toMatchObject({ rubric: template?.rubric })
    expect((await file(`Bearer ${secret}`)).json()).toMatchObject({ rubric: template?.rubric })

    const start = await app.inject({
      method: 'GET',
      url: `/api/sessions/${id}/start`,
      headers: { authorization: `Bearer ${token('observer')}` },
    })
    expect(start.statusCode).toBe(200)
    expect(start.json()).toMatchObject({ presets: template?.presets })
    expect(start.body).not.toContain(defaultTemplateId)
  })
})

describe('board ids, quotas and origins', () => {
  it('signs board ids with the secret: a changed id or another secret does not verify', () => {
    const id = newBoardId('secret one is long')
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(isSignedBoardId(id, 'secret one is long')).toBe(true)
    expect(isSignedBoardId(id, 'secret two is long')).toBe(false)
    expect(isSignedBoardId(newBoardId(), 'secret one is long')).toBe(false)
    expect(isSignedBoardId('room-1', 'secret one is long')).toBe(false)
  })

  it('gives each address its own allowance, refilled over the hour', () => {
    let now = 0
    const quota = new CreationQuota(2, () => now)
    expect([quota.take('a'), quota.take('a'), quota.take('a')]).toEqual([true, true, false])
    expect(quota.take('b')).toBe(true)
    now += 1801 * 1000
    expect(quota.take('a')).toBe(true)
    expect(quota.take('a')).toBe(false)
  })

  it('accepts pages of the public origin, or without one of the same host and loopback', () => {
    const request = (origin: string | undefined, host = 'roofline.example.com') =>
      ({ headers: { origin, host } }) as unknown as IncomingMessage
    const publicUrl = 'https://roofline.example.com/'
    expect(originAllowed(request('https://roofline.example.com'), publicUrl)).toBe(true)
    expect(originAllowed(request('http://roofline.example.com'), publicUrl)).toBe(false)
    expect(originAllowed(request('http://localhost:5173'), publicUrl)).toBe(false)
    expect(originAllowed(request(undefined), publicUrl)).toBe(true)
    expect(originAllowed(request('https://roofline.example.com'), undefined)).toBe(true)
    expect(originAllowed(request('http://localhost:5173'), undefined)).toBe(true)
    expect(originAllowed(request('https://evil.example'), undefined)).toBe(false)
    expect(originAllowed(request('null'), undefined)).toBe(false)
  })
})
