import { AppendJournal, type JournalRecord } from './appendJournal.ts'
import { appendBatchLimits, GroupCommit, type PendingAppend } from './groupCommit.ts'
import type { LogEntry, LogPosition, NewLogEntry } from './storage.ts'

/** The table the log's entries end up in, as `JournalledLog` needs it. */
export interface LogTable {
  /** The room's last seq in the table; 0 when it has none. */
  lastSeq(roomId: string): number
  /** Inserts the records in one transaction; throws, inserting none, when it fails. */
  insert(records: readonly JournalRecord[]): void
  /** As `insert`, skipping records already in the table (recovered from a journal). */
  insertRecovered(records: readonly JournalRecord[]): void
}

/** Caps of one group commit: one write to the journal. */
const APPEND_BATCH = appendBatchLimits(1000)
/**
 * How long journalled entries wait before they are copied into the table together, sorted by
 * room and seq so that each room's entries go into its index pages one after another.
 */
const STORE_AFTER_MS = 500
/**
 * Entries copied per transaction. Measured at 200 rooms (4,000 updates a second): 0.39 ms of
 * the thread per chunk at the median, 0.99 ms at the 99th percentile; a copy of everything
 * in one transaction, as first built, held it for up to 4 ms.
 */
const STORE_CHUNK = 64
/**
 * Entries waiting past which they are copied at once, in one go, instead of a chunk per turn of
 * the event loop: copying had fallen behind, so appends wait for it instead of piling up.
 */
const STORE_AT_MOST = 50_000
/** Rooms whose last seq is remembered (a few dozen bytes each). */
const MAX_SEQ_HINTS = 10_000

/** Orders records by room id, then by seq. */
function byRoomThenSeq(a: JournalRecord, b: JournalRecord): number {
  return a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : a.entry.seq - b.entry.seq
}

/** The entries of `roomId` among `records` with a seq past `afterSeq`. */
function entriesOf(records: readonly JournalRecord[], roomId: string, afterSeq: number): LogEntry[] {
  const entries: LogEntry[] = []
  for (const record of records) {
    if (record.roomId === roomId && record.entry.seq > afterSeq) entries.push(record.entry)
  }
  return entries
}

/**
 * The rooms' logs as appended through one handle: each append is numbered and written to a
 * journal (`AppendJournal`: one write per group commit, durable once it returns), and entries
 * are copied from there into the table later, in bulk and in small transactions spread over
 * turns of the event loop, so no copy holds the thread for long. A SQLite commit per group
 * wrote about nine 4 KiB pages to its write-ahead log (one per B-tree page it touched), on the
 * path of every update.
 *
 * Two journals take turns: while the entries of one are being copied, appends go to the other,
 * which was emptied when its own entries were copied. Entries not yet copied are kept in
 * memory too, and `entriesAfter` gives them to reads. Nothing else may append to the table
 * while this is open: the numbering and the journals are this handle's own.
 */
export class JournalledLog {
  readonly #table: LogTable
  /** The two journals, or none when nothing is durable anyway (an in-memory database). */
  readonly #journals: [AppendJournal, AppendJournal] | null
  /** Which journal appends go to. */
  #active = 0
  /** Entries in the active journal, in append order. */
  #unstored: JournalRecord[] = []
  /** Entries of the other journal, by room and seq, from `#copied` on not yet in the table. */
  #copying: JournalRecord[] = []
  #copied = 0
  /** Set while a copy is due later (a wait, or a retry after a failure). */
  #timer: NodeJS.Timeout | null = null
  /** Set while the next chunk of a copy is due in this turn's check phase. */
  #immediate: NodeJS.Immediate | null = null
  /**
   * The last seq of each room, so a batch does not look it up: the lookup was half of an
   * append's CPU (20 → 11.5 µs per append, 200 rooms, batches of 10). A room with entries not
   * yet in the table always has one, since the table does not know its last seq.
   */
  readonly #lastSeqs = new Map<string, number>()
  readonly #appends: GroupCommit<PendingAppend, number>

  /**
   * Opens the journals at `journalFiles` (none for an in-memory table), first copying into the
   * table whatever entries a previous process left in them.
   */
  constructor(table: LogTable, journalFiles: [string, string] | null, options: { sync: boolean }) {
    this.#table = table
    if (journalFiles) {
      const open = (file: string) =>
        AppendJournal.open(file, { sync: options.sync, recover: (records) => table.insertRecovered(records) })
      const first = open(journalFiles[0])
      try {
        this.#journals = [first, open(journalFiles[1])]
      } catch (error) {
        first.close()
        throw error
      }
    } else {
      this.#journals = null
    }
    // Everything appended in one turn of the event loop goes in one write at its end.
    this.#appends = new GroupCommit(async (entries: PendingAppend[]) => this.#appendBatch(entries), {
      ...APPEND_BATCH,
      gather: () => new Promise((resolve) => setImmediate(resolve)),
    })
  }

  /** Resolves with the entry's seq once it is durable; rejects when it could not be written. */
  append(roomId: string, entry: NewLogEntry): Promise<number> {
    return this.#appends.submit({ roomId, entry })
  }

  /** The room's entries with a seq past `afterSeq` that are not in the table yet, in order. */
  entriesAfter(roomId: string, afterSeq: number): LogEntry[] {
    if (!this.#lastSeqs.has(roomId)) return []
    return [
      ...entriesOf(this.#copying.slice(this.#copied), roomId, afterSeq),
      ...entriesOf(this.#unstored, roomId, afterSeq),
    ]
  }

  /** Where the room's entries past `afterSeq` not in the table yet sit in its log. */
  positionsAfter(roomId: string, afterSeq: number): LogPosition[] {
    return this.entriesAfter(roomId, afterSeq).map(({ seq, at }) => ({ seq, at }))
  }

  /** Whether the room has entries appended through this handle (so far as it remembers). */
  has(roomId: string): boolean {
    return this.#lastSeqs.has(roomId)
  }

  /**
   * Copies every entry into the table now; throws when that fails, keeping what is not copied
   * (and trying again after the usual wait).
   */
  storeAll(): void {
    try {
      if (this.#copied < this.#copying.length) this.#copyChunk(this.#copying.length - this.#copied)
      if (this.#unstored.length === 0) return
      this.#startCopy()
      this.#copyChunk(this.#copying.length)
    } catch (error) {
      this.#retryLater()
      throw error
    }
  }

  /** Forgets the room's last seq: its log was deleted (after `storeAll`) or replaced. */
  forget(roomId: string): void {
    this.#lastSeqs.delete(roomId)
  }

  /** Waits for the appends in flight, copies everything into the table and closes the journals. */
  async close(): Promise<void> {
    await this.#appends.settled()
    if (this.#timer) clearTimeout(this.#timer)
    if (this.#immediate) clearImmediate(this.#immediate)
    this.#timer = null
    this.#immediate = null
    // Should this fail, the journals keep the entries for the next open.
    try {
      this.storeAll()
    } finally {
      for (const journal of this.#journals ?? []) journal.close()
    }
  }

  /** Numbers a batch after each room's last seq and journals it; throws, numbering nothing, when the write fails. */
  #appendBatch(entries: PendingAppend[]): number[] {
    const last = new Map<string, number>()
    const records = entries.map(({ roomId, entry }): JournalRecord => {
      const seq = (last.get(roomId) ?? this.#lastSeqs.get(roomId) ?? this.#table.lastSeq(roomId)) + 1
      last.set(roomId, seq)
      return { roomId, entry: { ...entry, seq } }
    })
    this.#journals?.[this.#active]?.append(records)
    for (const [roomId, seq] of last) this.#lastSeqs.set(roomId, seq)
    for (const record of records) this.#unstored.push(record)
    if (this.#unstored.length >= STORE_AT_MOST) {
      // Never thrown at the appends: they are journalled, so they succeeded.
      try {
        this.storeAll()
      } catch {}
    }
    this.#scheduleCopy()
    return records.map((record) => record.entry.seq)
  }

  /** Arms the wait before the next copy, unless one is running or due. */
  #scheduleCopy(): void {
    if (this.#timer || this.#immediate || this.#unstored.length === 0) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      if (this.#copied === this.#copying.length) {
        // `storeAll` may have copied everything meanwhile.
        if (this.#unstored.length === 0) return
        this.#startCopy()
      }
      this.#copyLater()
    }, STORE_AFTER_MS).unref()
  }

  /** Starts copying the active journal's entries, sorted, while appends go to the other journal. */
  #startCopy(): void {
    this.#copying = this.#unstored.sort(byRoomThenSeq)
    this.#copied = 0
    this.#unstored = []
    this.#active = 1 - this.#active
  }

  /** Copies the next chunk in this turn's check phase, and so on until the copy is done. */
  #copyLater(): void {
    this.#immediate = setImmediate(() => {
      this.#immediate = null
      try {
        this.#copyChunk(STORE_CHUNK)
      } catch {
        this.#retryLater()
        return
      }
      if (this.#copied < this.#copying.length) this.#copyLater()
      else this.#scheduleCopy()
    })
    // Not unreferenced: an idle loop would then wait in its poll phase for other work between chunks.
  }

  /** A copy failed (a full disk, say): it goes on after the usual wait; reads get the entries from memory meanwhile. */
  #retryLater(): void {
    if (this.#timer) clearTimeout(this.#timer)
    if (this.#immediate) clearImmediate(this.#immediate)
    this.#immediate = null
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.#copyLater()
    }, STORE_AFTER_MS).unref()
  }

  /** Copies up to `count` entries of the copy in progress; when it is done, empties its journal. */
  #copyChunk(count: number): void {
    // `storeAll` may have finished the copy since this chunk was scheduled.
    if (this.#copied === this.#copying.length) return
    const end = Math.min(this.#copied + count, this.#copying.length)
    this.#table.insert(this.#copying.slice(this.#copied, end))
    this.#copied = end
    if (end < this.#copying.length) return
    this.#journals?.[1 - this.#active]?.reset()
    this.#copying = []
    this.#copied = 0
    if (this.#lastSeqs.size > MAX_SEQ_HINTS) this.#forgetStoredRooms()
  }

  /** Bounds the hints: forgets the rooms whose entries are all in the table (they are looked up again). */
  #forgetStoredRooms(): void {
    const waiting = new Set(this.#unstored.map((record) => record.roomId))
    for (const roomId of this.#lastSeqs.keys()) if (!waiting.has(roomId)) this.#lastSeqs.delete(roomId)
  }
}
