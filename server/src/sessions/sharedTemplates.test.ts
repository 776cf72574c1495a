import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { initialTimerState } from '@roofline/shared'
import type { SessionData } from '@roofline/shared/session'
import { loadBuiltInTemplates } from '@roofline/templates'
import { afterEach, describe, expect, it } from 'vitest'
import { SqliteStorage } from '../storage/sqliteStorage.ts'
import { SessionStore } from './sessionStore.ts'
import { SharedTemplates } from './sharedTemplates.ts'

const [first, second] = loadBuiltInTemplates()
if (!first || !second) throw new Error('two built-in templates expected')
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

describe('SharedTemplates', () => {
  it('gives equal templates one shared object, and different ones their own', () => {
    const shared = new SharedTemplates()
    const a = shared.share(copy(first))
    expect(shared.share(copy(first))).toBe(a)
    expect(shared.share(copy(second))).not.toBe(a)
    expect(shared.size).toBe(2)
  })

  it('freezes the shared copy all the way down: no session changes what the others read', () => {
    const template = new SharedTemplates().share(copy(first))
    expect(() => {
      ;(template as { title: string }).title = 'changed'
    }).toThrow(TypeError)
    expect(() => (template.phases as unknown[]).push({})).toThrow(TypeError)
  })
})

describe('SessionStore', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('sessions of one template hold one copy of it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shared-templates-'))
    dirs.push(dir)
    const storage = SqliteStorage.inDirectory(dir)
    const data = (template: typeof first): SessionData => ({
      version: 1,
      mode: 'interview',
      template,
      names: { host: 'Ana', guest: 'Ben' },
      timer: initialTimerState(template.phases),
      round: 1,
      swapped: false,
      revealed: [],
      endedAt: null,
    })
    for (const [id, template] of [
      ['s1', first],
      ['s2', first],
      ['s3', second],
    ] as const) {
      await storage.createSession({ id, createdAt: 0, data: data(template) }, [])
    }
    const store = new SessionStore(storage)
    const [s1, s2, s3] = await Promise.all(['s1', 's2', 's3'].map((id) => store.require(id)))
    expect(s1?.data.template).toBe(s2?.data.template)
    expect(s1?.data.template).not.toBe(s3?.data.template)
    expect(s1?.data.template).toEqual(first)
    await storage.close()
  })
})
