import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  AppendJournal,
  decodeJournalRecords,
  encodeJournalRecords,
  type JournalRecord,
} from './appendJournal.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
function freshFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-journal-'))
  dirs.push(dir)
  return path.join(dir, 'journal')
}

const record = (roomId: string, seq: number, ...update: number[]): JournalRecord => ({
  roomId,
  entry: { seq, at: 1_700_000_000_000 + seq, author: 'candidate', update: new Uint8Array(update) },
})

/** Opens the journal at `file`, returning what it recovered. */
function reopen(file: string): { journal: AppendJournal; recovered: JournalRecord[] } {
  const recovered: JournalRecord[] = []
  const journal = AppendJournal.open(file, { sync: false, recover: (records) => recovered.push(...records) })
  return { journal, recovered }
}

describe('journal records', () => {
  it('decode to what was encoded: non-ASCII ids and authors, times past 32 bits, empty and large updates', () => {
    const records: JournalRecord[] = [
      {
        roomId: 'salle-é-漢字-🙂',
        entry: { seq: 1, at: 2 ** 45 + 0.5, author: 'интервьюер', update: new Uint8Array() },
      },
      record('r', 2 ** 40, 1, 2, 3),
      { roomId: 'big', entry: { seq: 3, at: 4, author: 'server', update: new Uint8Array(300_000).fill(9) } },
    ]
    expect(decodeJournalRecords(encodeJournalRecords(records, 7))).toEqual(records)
  })

  it('stop before a torn tail, a damaged record, or a record of another generation', () => {
    const records = [record('a', 1, 1), record('b', 1, 2), record('a', 2, 3)]
    const bytes = encodeJournalRecords(records, 3)
    expect(decodeJournalRecords(bytes.subarray(0, bytes.byteLength - 1))).toEqual(records.slice(0, 2))
    const damaged = Buffer.from(bytes)
    // A byte of the second record's update: its checksum no longer matches.
    const secondEnd = encodeJournalRecords(records.slice(0, 2), 3).byteLength
    damaged.writeUInt8(damaged.readUInt8(secondEnd - 1) ^ 0xff, secondEnd - 1)
    expect(decodeJournalRecords(damaged)).toEqual(records.slice(0, 1))
    const mixed = Buffer.concat([encodeJournalRecords([record('new', 1, 4)], 4), bytes])
    expect(decodeJournalRecords(mixed)).toEqual([record('new', 1, 4)])
  })
})

describe('AppendJournal', () => {
  it('gives the next open what was appended and not reset, then nothing once it is handled', () => {
    const file = freshFile()
    const first = reopen(file)
    expect(first.recovered).toEqual([])
    first.journal.append([record('a', 1, 1), record('b', 1, 2)])
    first.journal.append([record('a', 2, 3)])
    first.journal.close()
    const second = reopen(file)
    expect(second.recovered).toEqual([record('a', 1, 1), record('b', 1, 2), record('a', 2, 3)])
    expect(statSync(file).size).toBe(0)
    second.journal.close()
    expect(reopen(file).recovered).toEqual([])
  })

  it('keeps the file when an open fails to handle what it recovered', () => {
    const file = freshFile()
    const first = reopen(file)
    first.journal.append([record('a', 1, 1)])
    first.journal.close()
    const failing = () =>
      AppendJournal.open(file, {
        sync: false,
        recover: () => {
          throw new Error('database is full')
        },
      })
    expect(failing).toThrow(/database is full/)
    expect(reopen(file).recovered).toEqual([record('a', 1, 1)])
  })

  it('recovers nothing older than the last reset, though its bytes are still in the file', () => {
    const file = freshFile()
    const { journal } = reopen(file)
    journal.append([record('a', 1, 1, 1, 1, 1, 1, 1, 1), record('a', 2, 2), record('a', 3, 3)])
    const written = readFileSync(file).byteLength
    journal.reset()
    // Writes after a reset reuse the file's blocks instead of growing it.
    expect(statSync(file).size).toBe(written)
    expect(decodeJournalRecords(readFileSync(file))).toEqual([])
    // One record shorter than what it overwrites: whole old records follow it in the file.
    journal.append([record('b', 1, 4)])
    expect(statSync(file).size).toBe(written)
    journal.close()
    expect(reopen(file).recovered).toEqual([record('b', 1, 4)])
  })

  it('writes a journal another open may recover while this one is still appending', () => {
    const file = freshFile()
    const { journal } = reopen(file)
    journal.append([record('a', 1, 1)])
    // What a crash leaves: the bytes as they are now, read by the next process.
    const copy = `${file}.copy`
    writeFileSync(copy, readFileSync(file))
    journal.append([record('a', 2, 2)])
    expect(reopen(copy).recovered).toEqual([record('a', 1, 1)])
    expect(decodeJournalRecords(readFileSync(file))).toEqual([record('a', 1, 1), record('a', 2, 2)])
    journal.close()
  })
})
