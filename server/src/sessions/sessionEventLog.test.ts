import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SqliteStorage } from '../storage/sqliteStorage.ts'
import { SessionEventLog } from './sessionEventLog.ts'

const dirs: string[] = []
const stores: SqliteStorage[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function storage(): SqliteStorage {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-events-'))
  dirs.push(dir)
  const store = SqliteStorage.inDirectory(dir)
  stores.push(store)
  return store
}

describe('SessionEventLog', () => {
  it('writes only events of a known kind and shape, and reads them back typed', async () => {
    const store = storage()
    const log = new SessionEventLog(store)
    await log.append('s1', { at: 5, type: 'joined', actor: 'host', payload: {} })
    await log.append('s1', { at: 6, type: 'link-rotated', actor: 'interviewer', payload: { seat: 'guest' } })
    // A kind that is not in the union, or a payload of the wrong shape, never reaches storage.
    await expect(
      log.append('s1', { at: 7, type: 'summon', actor: 'host', payload: {} } as never),
    ).rejects.toThrow()
    await expect(
      log.append('s1', { at: 7, type: 'swap', actor: 'host', payload: { round: 0, swapped: true } }),
    ).rejects.toThrow()
    expect(await log.read('s1')).toEqual([
      { seq: 1, at: 5, type: 'joined', actor: 'host', payload: {} },
      { seq: 2, at: 6, type: 'link-rotated', actor: 'interviewer', payload: { seat: 'guest' } },
    ])
  })

  it('leaves out an event of no known kind on read, but logs and counts it', async () => {
    const store = storage()
    const warnings: Array<{ details: object; message: string }> = []
    const log = new SessionEventLog(store, {
      warn: (details, message) => warnings.push({ details, message }),
    })
    await store.appendSessionEvent('s1', {
      at: 1,
      type: 'from-the-future',
      actor: 'server',
      payload: { x: 1 },
    })
    await log.append('s1', { at: 2, type: 'left', actor: 'guest', payload: {} })
    const events = await log.read('s1')
    expect(events.map((e) => e.type)).toEqual(['left'])
    expect(log.unreadableCount).toBe(1)
    expect(warnings).toEqual([
      {
        details: { session: 's1', seq: 1, type: 'from-the-future', issues: 1 },
        message: 'session event of no known kind left out',
      },
    ])
  })
})
