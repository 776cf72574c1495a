import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { AppendJournal } from './appendJournal.ts'
import { SQLITE_SCHEMA_VERSION } from './sqliteSchema.ts'
import { SQLITE_PAGE_CACHE_KIB, SqliteStorage } from './sqliteStorage.ts'
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

storageContract('sqlite', async () => ({ storage: SqliteStorage.inDirectory(freshDir()) }), { shared: false })

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

/** Runs `code` (an ES module that may import `./sqliteStorage.ts`) in a child Node process, after `shell`. */
function spawnNode(code: string, shell = ''): ChildProcessWithoutNullStreams {
  const module = pathToFileURL(path.join(import.meta.dirname, 'sqliteStorage.ts')).href
  const script = path.join(freshDir(), 'child.mjs')
  writeFileSync(script, code.replaceAll('./sqliteStorage.ts', module))
  return spawn('sh', ['-c', `${shell} exec "${process.execPath}" "${script}"`])
}

/** The child's standard output once it printed `marker` (or exited). */
async function outputUntil(child: ChildProcessWithoutNullStreams, marker: string): Promise<string> {
  let out = ''
  let err = ''
  child.stderr.on('data', (chunk) => {
    err += chunk
  })
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk) => {
      out += chunk
      if (out.includes(marker)) resolve()
    })
    child.on('exit', () => resolve())
  })
  if (!out.includes(marker)) throw new Error(`the child ended without ${marker}: ${out} ${err}`)
  return out
}

/** The rows of `room_log` as the file holds them now, read past the storage handle. */
function tableRows(dir: string, room: string): Array<[number, number]> {
  const db = new Database(path.join(dir, 'roofline.sqlite'), { readonly: true })
  try {
    return db
      .prepare<[string], { seq: number; update_bytes: Buffer }>(
        'SELECT seq, update_bytes FROM room_log WHERE room_id = ? ORDER BY seq',
      )
      .all(room)
      .map((row) => [row.seq, row.update_bytes[0] ?? -1])
  } finally {
    db.close()
  }
}

const append = (handle: SqliteStorage, room: string, value: number) =>
  handle.appendUpdate(room, { update: new Uint8Array([value]), at: value, author: 'e' })

describe('SqliteStorage, one handle per file', () => {
  it('refuses a second handle while one is open, in this process or another, and opens once it is closed', async () => {
    const dir = freshDir()
    const first = SqliteStorage.inDirectory(dir)
    expect(() => SqliteStorage.inDirectory(dir)).toThrow(/in use by another Roofline server/)
    const other = spawnNode(`import { SqliteStorage } from './sqliteStorage.ts'
      try { SqliteStorage.inDirectory(${JSON.stringify(dir)}); console.log('opened') } catch (error) { console.log('refused:', error.message) }`)
    expect(await outputUntil(other, '\n')).toMatch(/^refused: .*in use by another Roofline server/)
    await append(first, 'r', 1)
    await first.close()
    const second = SqliteStorage.inDirectory(dir)
    expect(await append(second, 'r', 2)).toBe(2)
    await second.close()
  })
})

describe('SqliteStorage journal', () => {
  it('keeps appends acknowledged before a SIGKILL, still only in the journal, and stores them at the next open', async () => {
    const dir = freshDir()
    // The child appends, says so, then blocks its thread: nothing is copied into the table.
    const child = spawnNode(`import { SqliteStorage } from './sqliteStorage.ts'
      const storage = SqliteStorage.inDirectory(${JSON.stringify(dir)})
      const seqs = await Promise.all([1, 2, 3].map((value) =>
        storage.appendUpdate('r', { update: new Uint8Array([value]), at: value, author: 'e' })))
      await storage.appendUpdate('other', { update: new Uint8Array([9]), at: 4, author: 'e' })
      console.log('acknowledged', seqs.join(','))
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)`)
    expect(await outputUntil(child, 'acknowledged')).toContain('acknowledged 1,2,3')
    expect(tableRows(dir, 'r')).toEqual([])
    child.kill('SIGKILL')
    await once(child, 'exit')
    const storage = SqliteStorage.inDirectory(dir)
    expect(tableRows(dir, 'r')).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ])
    expect((await storage.readLog('other', 0, 10)).map((entry) => entry.update[0])).toEqual([9])
    expect(await append(storage, 'r', 4)).toBe(4)
    await storage.close()
  })

  it('reads entries before they reach the table, then copies them there in the background', async () => {
    const dir = freshDir()
    const storage = SqliteStorage.inDirectory(dir)
    await Promise.all([1, 2, 3].map((value) => append(storage, 'r', value)))
    expect(tableRows(dir, 'r')).toEqual([])
    expect((await storage.readLog('r', 1, 10)).map((entry) => [entry.seq, entry.update[0]])).toEqual([
      [2, 2],
      [3, 3],
    ])
    expect((await storage.loadRoom('r')).updates.map((entry) => entry.seq)).toEqual([1, 2, 3])
    expect((await storage.readLogTimes('r')).map((position) => position.seq)).toEqual([1, 2, 3])
    expect(await storage.hasRoom('r')).toBe(true)
    const deadline = Date.now() + 5000
    while (tableRows(dir, 'r').length < 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50))
    expect(tableRows(dir, 'r')).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ])
    // Stored and newer entries read as one log.
    await append(storage, 'r', 4)
    expect((await storage.readLog('r', 0, 10)).map((entry) => entry.seq)).toEqual([1, 2, 3, 4])
    expect((await storage.readLog('r', 0, 3)).map((entry) => entry.seq)).toEqual([1, 2, 3])
    expect((await storage.readLog('r', 2, 1)).map((entry) => entry.seq)).toEqual([3])
    await storage.close()
  })

  it('skips recovered entries already in the table (a crash after copying them, before emptying the journal)', async () => {
    const dir = freshDir()
    const first = SqliteStorage.inDirectory(dir)
    await append(first, 'r', 1)
    await first.close()
    const journal = AppendJournal.open(path.join(dir, 'roofline.sqlite-appends-1'), {
      sync: false,
      recover: () => {},
    })
    const record = (seq: number, value: number) => ({
      roomId: 'r',
      entry: { seq, at: seq, author: 'e', update: new Uint8Array([value]) },
    })
    journal.append([record(1, 1), record(2, 2)])
    journal.close()
    const storage = SqliteStorage.inDirectory(dir)
    expect((await storage.readLog('r', 0, 10)).map((entry) => [entry.seq, entry.update[0]])).toEqual([
      [1, 1],
      [2, 2],
    ])
    await storage.close()
  })

  it('refuses every append of a batch it cannot write, keeps none of it, and numbers on after', async () => {
    const dir = freshDir()
    // Files of this child may not grow past 1 MiB: the journal write of a 2 MiB update fails.
    const child = spawnNode(
      `import { SqliteStorage } from './sqliteStorage.ts'
      process.on('SIGXFSZ', () => {})
      const storage = SqliteStorage.inDirectory(${JSON.stringify(dir)})
      const append = (value, size) => storage.appendUpdate('r', { update: new Uint8Array(size).fill(value), at: value, author: 'e' })
      const results = [String(await append(1, 1))]
      const batch = await Promise.allSettled([append(2, 1), append(3, 2 * 1024 * 1024)])
      results.push(...batch.map((result) => result.status === 'fulfilled' ? 'stored' : result.reason.code))
      results.push(String(await append(4, 1)))
      const log = await storage.readLog('r', 0, 10)
      results.push(log.map((entry) => entry.seq + ':' + entry.update[0]).join(' '))
      await storage.close()
      console.log('results', JSON.stringify(results))`,
      'ulimit -f 1024;',
    )
    const out = await outputUntil(child, 'results')
    expect(JSON.parse(out.slice(out.indexOf('results') + 8))).toEqual(['1', 'EFBIG', 'EFBIG', '2', '1:1 2:4'])
    const storage = SqliteStorage.inDirectory(dir)
    expect((await storage.readLog('r', 0, 10)).map((entry) => [entry.seq, entry.update[0]])).toEqual([
      [1, 1],
      [2, 4],
    ])
    await storage.close()
  })

  it('numbers a deleted room from 1 again', async () => {
    const storage = new SqliteStorage(':memory:')
    await storage.createSession({ id: 's', createdAt: 1, data: {} as never }, [])
    await storage.appendUpdate('s', { update: new Uint8Array([1]), at: 1, author: 'e' })
    expect(await storage.deleteSession('s')).toBe(true)
    expect(await storage.appendUpdate('s', { update: new Uint8Array([2]), at: 2, author: 'e' })).toBe(1)
    await storage.close()
  })
})

describe('SqliteStorage group commit', () => {
  it('commits the appends of one turn together, every room numbered in call order', async () => {
    const storage = new SqliteStorage(':memory:')
    const rooms = ['a', 'b', 'c']
    const seqs = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        storage.appendUpdate(rooms[i % 3] as string, { update: new Uint8Array([i]), at: i, author: 'e' }),
      ),
    )
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => Math.floor(i / 3) + 1))
    for (const [r, room] of rooms.entries()) {
      const log = await storage.readLog(room, 0, 100)
      expect(log.map((entry) => entry.update[0])).toEqual(Array.from({ length: 10 }, (_, i) => i * 3 + r))
    }
    await storage.close()
  })

  it('holds appends until the end of the event-loop turn, then commits them all at once', async () => {
    const storage = new SqliteStorage(':memory:')
    const first = storage.appendUpdate('a', { update: new Uint8Array([1]), at: 1, author: 'e' })
    // Later in the same turn (after a microtask, as a second socket's message would be).
    await Promise.resolve()
    const second = storage.appendUpdate('b', { update: new Uint8Array([2]), at: 2, author: 'e' })
    await Promise.resolve()
    expect(await storage.readLog('a', 0, 10)).toEqual([])
    expect(await storage.readLog('b', 0, 10)).toEqual([])
    expect(await Promise.all([first, second])).toEqual([1, 1])
    expect((await storage.readLog('a', 0, 10)).length + (await storage.readLog('b', 0, 10)).length).toBe(2)
    await storage.close()
  })
})

describe('SqliteStorage schema versions', () => {
  it('upgrades a version-0 file: the log into the arrival-order table, every row kept; sessions versioned', async () => {
    const dir = freshDir()
    const file = path.join(dir, 'roofline.sqlite')
    const old = new Database(file)
    old.exec(`CREATE TABLE room_log (room_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,
      author TEXT NOT NULL, update_bytes BLOB NOT NULL, PRIMARY KEY (room_id, seq)) WITHOUT ROWID`)
    old.exec('CREATE TABLE session (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, data TEXT NOT NULL)')
    old.prepare('INSERT INTO session VALUES (?, ?, ?)').run('x', 5, JSON.stringify({ round: 1 }))
    const insert = old.prepare('INSERT INTO room_log VALUES (?, ?, ?, ?, ?)')
    for (let seq = 1; seq <= 50; seq++) {
      insert.run('x', seq, 1000 + seq, 'candidate', Buffer.from([seq]))
      insert.run('y', seq, 2000 + seq, 'interviewer', Buffer.from([seq, 0]))
    }
    old.close()
    const storage = SqliteStorage.inDirectory(dir)
    const x = await storage.readLog('x', 0, 100)
    expect(x.map((entry) => [entry.seq, entry.at, entry.author, [...entry.update]])).toEqual(
      Array.from({ length: 50 }, (_, i) => [i + 1, 1001 + i, 'candidate', [i + 1]]),
    )
    expect((await storage.readLog('y', 10, 100)).map((entry) => entry.seq)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 11),
    )
    expect(await storage.appendUpdate('x', { update: new Uint8Array([9]), at: 9, author: 'e' })).toBe(51)
    // Sessions gained a version (schema 2), starting at 0 for those already there.
    expect(await storage.loadSession('x')).toEqual({ id: 'x', createdAt: 5, data: { round: 1 }, version: 0 })
    expect(await storage.saveSession({ id: 'x', createdAt: 5, data: { round: 2 } }, 0)).toBe(true)
    await storage.close()
    const check = new Database(file, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION)
    const table = check.prepare("SELECT sql FROM sqlite_master WHERE name = 'room_log'").get() as {
      sql: string
    }
    expect(table.sql).not.toMatch(/WITHOUT ROWID/i)
    check.close()
  })

  it("bounds the page cache to SQLite's own default, not better-sqlite3's 16 MB", async () => {
    const storage = SqliteStorage.inDirectory(freshDir())
    expect(storage.pageCacheKib()).toBe(SQLITE_PAGE_CACHE_KIB)
    expect(SQLITE_PAGE_CACHE_KIB).toBeLessThanOrEqual(2048)
    await storage.close()
  })

  it('refuses a file written by a newer Roofline and leaves it as it was', () => {
    const dir = freshDir()
    const file = path.join(dir, 'roofline.sqlite')
    const newer = new Database(file)
    newer.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`)
    newer.close()
    expect(() => SqliteStorage.inDirectory(dir)).toThrow(/newer than this Roofline knows/)
    const check = new Database(file, { readonly: true })
    expect(check.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toEqual({ n: 0 })
    check.close()
  })
})

describe('SqliteStorage write-ahead log', () => {
  it('is copied into the database by the worker, not by the commits', async () => {
    const dir = freshDir()
    const storage = SqliteStorage.inDirectory(dir)
    const file = path.join(dir, 'roofline.sqlite')
    const before = statSync(file).size
    const update = new Uint8Array(2048).fill(7)
    // About 1,000 log pages: below the commits' own checkpoint threshold of 10,000.
    for (let i = 0; i < 2000; i++) void storage.appendUpdate(`r${i % 10}`, { update, at: i, author: 'e' })
    await storage.appendUpdate('r0', { update, at: 2000, author: 'e' })
    const deadline = Date.now() + 5000
    while (statSync(file).size < before + 4_000_000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(statSync(file).size).toBeGreaterThan(before + 4_000_000)
    await storage.close()
  })

  // Linux keeps a nice value per thread; elsewhere the worker runs at the process's priority.
  it.runIf(process.platform === 'linux')(
    'runs at the lowest priority, behind the thread that relays updates',
    async () => {
      // Threads of this process at the lowest priority (nice 19, the 17th field after the name).
      const lowest = () =>
        readdirSync('/proc/self/task').filter((tid) => {
          const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
          return Number(fields[16]) === 19
        }).length
      const before = lowest()
      const storage = SqliteStorage.inDirectory(freshDir())
      const deadline = Date.now() + 3000
      while (lowest() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(lowest()).toBe(before + 1)
      await storage.close()
      expect(lowest()).toBe(before)
    },
  )
})
