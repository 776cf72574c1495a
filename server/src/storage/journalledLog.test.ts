import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import type { JournalRecord } from './appendJournal.ts'
import { JournalledLog, type LogTable } from './journalledLog.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
function journalFiles(): [string, string] {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-journalled-'))
  dirs.push(dir)
  return [path.join(dir, 'appends-0'), path.join(dir, 'appends-1')]
}

/** A real SQLite table to copy into, counting its transactions; inserts throw past `state.failAfter` of them. */
function sqliteTable() {
  const db = new Database(':memory:')
  db.exec(`CREATE TABLE log (room TEXT NOT NULL, seq INTEGER NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (room, seq))`)
  const transactions: number[] = []
  /** Records handed to `insertRecovered`. */
  const state = { failAfter: Number.POSITIVE_INFINITY, recovered: 0 }
  const insertWith = (sql: string) => {
    const statement = db.prepare(sql)
    return db.transaction((records: readonly JournalRecord[]) => {
      if (transactions.length >= state.failAfter) throw new Error('disk full')
      for (const { roomId, entry } of records) statement.run(roomId, entry.seq, entry.update[0])
      transactions.push(records.length)
    })
  }
  const recover = insertWith('INSERT OR IGNORE INTO log VALUES (?, ?, ?)')
  const table: LogTable = {
    lastSeq: (room) =>
      db
        .prepare<[string], { seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM log WHERE room = ?')
        .get(room)?.seq ?? 0,
    insert: insertWith('INSERT INTO log VALUES (?, ?, ?)'),
    insertRecovered: (records) => {
      state.recovered += records.length
      recover(records)
    },
  }
  const rows = (room: string) =>
    db
      .prepare<[string], { seq: number; value: number }>(
        'SELECT seq, value FROM log WHERE room = ? ORDER BY seq',
      )
      .all(room)
      .map((row) => [row.seq, row.value])
  return { table, transactions, state, rows }
}

const entry = (value: number) => ({ update: new Uint8Array([value]), at: value, author: 'e' })
const until = async (done: () => boolean, what: string) => {
  const deadline = Date.now() + 5000
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * A log whose first copy stalls after one chunk (the disk fills), holding 200 entries of room
 * `r`, 64 of them copied, and two more appended during the stall (to the other journal).
 */
async function stalledCopy() {
  const files = journalFiles()
  const table = sqliteTable()
  const log = new JournalledLog(table.table, files, { sync: false })
  table.state.failAfter = 1
  await Promise.all(Array.from({ length: 200 }, (_, i) => log.append('r', entry(i % 250))))
  await until(() => table.transactions.length > 0, 'the first chunk')
  expect(table.rows('r')).toHaveLength(64)
  await Promise.all([log.append('r', entry(1)), log.append('r', entry(2))])
  return { ...table, files, log }
}

describe('JournalledLog', () => {
  it('copies entries in small transactions over several turns, each once, while appends go on', async () => {
    const { table, transactions, rows } = sqliteTable()
    const log = new JournalledLog(table, journalFiles(), { sync: false })
    const rooms = ['a', 'b', 'c']
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => log.append(rooms[i % 3] as string, entry(i % 250))),
    )
    expect(transactions).toEqual([])
    // Before the copy, reads get the entries from memory.
    expect(log.entriesAfter('a', 98).map((e) => e.seq)).toEqual([99, 100])
    await until(() => transactions.length > 0, 'the copy to start')
    // More appends while the copy runs: to the other journal, copied in a later round.
    const late = await Promise.all([log.append('a', entry(7)), log.append('d', entry(8))])
    expect(late).toEqual([101, 1])
    await until(() => rows('d').length === 1, 'the late appends to be copied')
    expect(Math.max(...transactions)).toBeLessThanOrEqual(64)
    expect(transactions.reduce((sum, n) => sum + n, 0)).toBe(302)
    expect(rows('a').map(([seq]) => seq)).toEqual(Array.from({ length: 101 }, (_, i) => i + 1))
    expect(rows('a').at(-1)).toEqual([101, 7])
    expect(log.entriesAfter('a', 0)).toEqual([])
    await log.close()
  })

  it('loses nothing when the process dies mid-copy, with entries in both journals', async () => {
    const { table, state, rows, files } = await stalledCopy()
    // The process dies here: no close. A new process opens the same journals and table.
    state.failAfter = Number.POSITIVE_INFINITY
    const reopened = new JournalledLog(table, files, { sync: false })
    expect(rows('r').map(([seq]) => seq)).toEqual(Array.from({ length: 202 }, (_, i) => i + 1))
    expect(rows('r').slice(-2)).toEqual([
      [201, 1],
      [202, 2],
    ])
    expect(await reopened.append('r', entry(3))).toBe(203)
    await reopened.close()
    // The dead log's retry timer is left to fail (its entries are all in the table now).
    state.failAfter = 0
  })

  it('keeps the entries appended during a copy when the process dies right after it', async () => {
    const { table, state, rows, files } = await stalledCopy()
    // The copy resumes and ends, emptying its journal; the late entries wait for the next one.
    state.failAfter = Number.POSITIVE_INFINITY
    await until(() => rows('r').length === 200, 'the copy to end')
    const reopened = new JournalledLog(table, files, { sync: false })
    expect(rows('r').map(([seq]) => seq)).toEqual(Array.from({ length: 202 }, (_, i) => i + 1))
    // Only they were still in a journal: the copied entries' journal was emptied.
    expect(state.recovered).toBe(2)
    await reopened.close()
    state.failAfter = 0
  })

  it('stores everything at once on demand, finishing a copy in progress first', async () => {
    // 136 entries of the stalled copy still to go, and two appended since.
    const { state, transactions, rows, log } = await stalledCopy()
    state.failAfter = Number.POSITIVE_INFINITY
    log.storeAll()
    expect(rows('r').map(([seq]) => seq)).toEqual(Array.from({ length: 202 }, (_, i) => i + 1))
    expect(log.entriesAfter('r', 0)).toEqual([])
    await log.close()
    expect(transactions.reduce((sum, n) => sum + n, 0)).toBe(202)
  })
})
