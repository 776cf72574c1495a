import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Fastify from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { SqliteStorage } from '../storage/sqliteStorage.ts'
import { buildServer } from './app.ts'
import { registerReadiness } from './readiness.ts'

describe('GET /api/ready', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-ready-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('answers 200 while storage answers, and 503 with the reason once it does not', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', ROOFLINE_DATA_DIR: dir, ROOFLINE_CLIENT_DIR: dir })
    const storage = SqliteStorage.inDirectory(dir)
    const { app } = await buildServer(config, storage)
    try {
      const ready = await app.inject({ method: 'GET', url: '/api/ready' })
      expect(ready.statusCode).toBe(200)
      expect(ready.json()).toEqual({ ready: true, checks: { storage: 'ok' } })

      await storage.close()
      const notReady = await app.inject({ method: 'GET', url: '/api/ready' })
      expect(notReady.statusCode).toBe(503)
      const body = notReady.json() as { ready: boolean; reason: string; checks: Record<string, string> }
      expect(body.ready).toBe(false)
      expect(body.reason).toMatch(/^storage: .*not open/)
      expect(body.checks.storage).not.toBe('ok')
      // Liveness is another question: the process itself still answers.
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
    } finally {
      await app.close()
    }
  })

  it('answers 503 naming every failed check, and does not wait forever for a hung one', async () => {
    const app = Fastify()
    registerReadiness(app, [
      { name: 'storage', check: async () => {} },
      { name: 'hung', check: () => new Promise(() => {}) },
      {
        name: 'broken',
        check: async () => {
          throw new Error('connection refused')
        },
      },
    ])
    const started = Date.now()
    const response = await app.inject({ method: 'GET', url: '/api/ready' })
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual({
      ready: false,
      reason: 'hung: no answer within 2000 ms; broken: connection refused',
      checks: { storage: 'ok', hung: 'no answer within 2000 ms', broken: 'connection refused' },
    })
    await app.close()
  })
})
