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

  const openStorage = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shared-templates-'))
    dirs.push(dir)
    return SqliteStorage.inDirectory(dir)
  }

  it('sessions of one template hold one copy of it', async () => {
    const storage = openStorage()
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

  it('an update re-reads a session only when another writer saved it since (its version moved)', async () => {
    const storage = openStorage()
    await storage.createSession({ id: 's1', createdAt: 0, data: data(first) }, [])
    const store = new SessionStore(storage)
    const held = await store.require('s1')
    const parsed = held.data
    const refuse = () => ({ ok: false as const, error: 'no' })
    const after = async () => undefined
    // Nothing changed in storage: the update works on the data parsed already, not a new copy.
    await store.update('s1', refuse, after)
    expect(held.data).toBe(parsed)
    // Another process saves a change: the next update reads it.
    expect(
      await storage.saveSession({ id: 's1', createdAt: 0, data: { ...data(first), round: 2 } }, held.version),
    ).toBe(true)
    await store.update('s1', refuse, after)
    expect(held.data).not.toBe(parsed)
    expect(held.data.round).toBe(2)
    // This process's own save is what it holds: the next update keeps it as it is.
    await store.update('s1', (state) => ({ ok: true as const, state: { ...state, round: 3 } }), after)
    const saved = held.data
    expect(saved.round).toBe(3)
    await store.update('s1', refuse, after)
    expect(held.data).toBe(saved)
    await storage.close()
  })
})
