import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteStorage } from './sqliteStorage.ts'
import { storageContract } from './storageContract.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-sqlite-'))
  dirs.push(dir)
  return dir
}

storageContract('sqlite', async () => {
  const dir = freshDir()
  return { storage: SqliteStorage.inDirectory(dir), openAnother: async () => SqliteStorage.inDirectory(dir) }
})

describe('SqliteStorage on disk', () => {
  it('keeps the log across a close and reopen of the same file', async () => {
    const dir = freshDir()
    const first = SqliteStorage.inDirectory(dir)
    await first.appendUpdate('r', { update: new Uint8Array([1]), at: 1, author: 'e' })
    await first.close()
    const second = SqliteStorage.inDirectory(dir)
    expect(await second.appendUpdate('r', { update: new Uint8Array([2]), at: 2, author: 'e' })).toBe(2)
    expect((await second.loadRoom('r')).updates.map((u) => u.update[0])).toEqual([1, 2])
    await second.close()
  })
})
