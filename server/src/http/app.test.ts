import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { clientConfigSchema, isRoomId, templateListSchema } from '@roofline/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { buildServer, type RooflineServer } from './app.ts'

describe('HTTP routes (in process)', () => {
  let server: RooflineServer
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-app-'))
  beforeAll(async () => {
    const clientDir = path.join(dir, 'client')
    mkdirSync(path.join(clientDir, 'assets'), { recursive: true })
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Roofline test</title>')
    writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log(1)')
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      ROOFLINE_DATA_DIR: path.join(dir, 'data'),
      ROOFLINE_CLIENT_DIR: clientDir,
    })
    server = await buildServer(config)
  })
  afterAll(async () => {
    await server.app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers the health check', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/health' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ ok: true, rooms: 0 })
  })

  it("gives a template's presets and starter diagram to anyone, and 404 for an unknown template", async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/templates/finetune-70b-8xh100/start',
    })
    expect(response.statusCode).toBe(200)
    const start = response.json() as {
      templateId: string
      presets: object
      starterDiagram: { type?: string }[]
    }
    expect(start.templateId).toBe('finetune-70b-8xh100')
    expect(start.presets).toEqual({ model: 'llama-3-70b', gpu: 'h100-sxm' })
    expect(start.starterDiagram.filter((r) => r.type === 'gpu-node')).toHaveLength(1)
    expect(Object.keys(start).sort()).toEqual(['presets', 'starterDiagram', 'templateId'])
    const missing = await server.app.inject({ method: 'GET', url: '/api/templates/no-such/start' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ error: 'There is no template "no-such".' })
  })

  it('answers the template list and the client configuration in the shapes shared gives the client', async () => {
    const list = await server.app.inject({ method: 'GET', url: '/api/templates' })
    expect(list.statusCode).toBe(200)
    const templates = templateListSchema.parse(list.json())
    expect(templates.map((t) => t.id)).toContain('finetune-70b-8xh100')
    const config = await server.app.inject({ method: 'GET', url: '/api/client-config' })
    expect(clientConfigSchema.parse(config.json())).toEqual({ embedOrigins: [] })
  })

  it('creates boards with unguessable, valid, distinct ids', async () => {
    const ids = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const response = await server.app.inject({ method: 'POST', url: '/api/boards' })
      expect(response.statusCode).toBe(201)
      const { id, url } = response.json() as { id: string; url: string }
      expect(isRoomId(id)).toBe(true)
      expect(id).toHaveLength(22)
      expect(url).toBe(`/b/${id}`)
      ids.add(id)
    }
    expect(ids.size).toBe(20)
  })

  it('serves the app for / and /b/<id>, and its assets', async () => {
    for (const url of ['/', '/b/abc_DEF-1']) {
      const response = await server.app.inject({ method: 'GET', url })
      expect(response.statusCode, url).toBe(200)
      expect(response.body).toContain('Roofline test')
    }
    expect((await server.app.inject({ method: 'GET', url: '/assets/app.js' })).body).toBe('console.log(1)')
  })

  it('answers 404 with a JSON error for unknown routes and files', async () => {
    for (const url of ['/nope', '/api/nope', '/assets/missing.js', '/b/a/b']) {
      const response = await server.app.inject({ method: 'GET', url })
      expect(response.statusCode, url).toBe(404)
      expect(response.json()).toHaveProperty('error')
    }
  })
})

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      PORT: 5170,
      HOST: '127.0.0.1',
      ROOFLINE_DATA_DIR: './data',
      LOG_LEVEL: 'info',
    })
    expect(config.ROOFLINE_MAX_MESSAGE_BYTES).toBe(2 * 1024 * 1024)
  })

  it('refuses bad values, naming each', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(/PORT[\s\S]*LOG_LEVEL/)
    expect(() => loadConfig({ ROOFLINE_MAX_MESSAGE_BYTES: '-1' })).toThrow(/ROOFLINE_MAX_MESSAGE_BYTES/)
  })
})
