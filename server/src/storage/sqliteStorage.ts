import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { LoadedRoom, LogEntry, NewLogEntry, Snapshot, Storage } from './storage.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS room_log (
  room_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  update_bytes BLOB NOT NULL,
  PRIMARY KEY (room_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS room_snapshot (
  room_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  state BLOB NOT NULL
);
`
const SQL_LAST_SEQ = 'SELECT COALESCE(MAX(seq), 0) AS seq FROM room_log WHERE room_id = ?'
const SQL_APPEND = 'INSERT INTO room_log (room_id, seq, at, author, update_bytes) VALUES (?, ?, ?, ?, ?)'
const SQL_SNAPSHOT = 'SELECT seq, at, state FROM room_snapshot WHERE room_id = ?'
const SQL_SAVE_SNAPSHOT = `INSERT INTO room_snapshot (room_id, seq, at, state) VALUES (?, ?, ?, ?)
  ON CONFLICT (room_id) DO UPDATE SET seq = excluded.seq, at = excluded.at, state = excluded.state
  WHERE excluded.seq >= room_snapshot.seq`
const SQL_READ_LOG =
  'SELECT seq, at, author, update_bytes FROM room_log WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?'
const SQL_HAS_ROOM = 'SELECT 1 FROM room_log WHERE room_id = ? LIMIT 1'

interface LogRow {
  seq: number
  at: number
  author: string
  update_bytes: Buffer
}

interface SnapshotRow {
  seq: number
  at: number
  state: Buffer
}

/**
 * The embedded default: one SQLite file under the data directory, in WAL mode.
 *
 * Appends are synchronous transactions, so when `appendUpdate` resolves the row is in the
 * WAL and survives a crash of this process (`synchronous = NORMAL` may lose the tail only
 * on a power loss or OS crash; set `synchronous = FULL` through `durability: 'full'` for that).
 */
export class SqliteStorage implements Storage {
  readonly #db: Database.Database
  readonly #stmts

  constructor(file: string, options: { durability?: 'normal' | 'full' } = {}) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
    this.#db = new Database(file)
    this.#db.pragma('journal_mode = WAL')
    this.#db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`)
    this.#db.exec(SCHEMA)
    this.#stmts = {
      lastSeq: this.#db.prepare<[string], { seq: number }>(SQL_LAST_SEQ),
      append: this.#db.prepare(SQL_APPEND),
      snapshot: this.#db.prepare<[string], SnapshotRow>(SQL_SNAPSHOT),
      saveSnapshot: this.#db.prepare(SQL_SAVE_SNAPSHOT),
      readLog: this.#db.prepare<[string, number, number], LogRow>(SQL_READ_LOG),
      hasRoom: this.#db.prepare<[string], unknown>(SQL_HAS_ROOM),
    }
  }

  /** Opens (creating if needed) `roofline.sqlite` in `dataDir`. */
  static inDirectory(dataDir: string): SqliteStorage {
    return new SqliteStorage(path.join(dataDir, 'roofline.sqlite'))
  }

  async appendUpdate(roomId: string, entry: NewLogEntry): Promise<number> {
    return this.#append(roomId, entry)
  }

  async loadRoom(roomId: string): Promise<LoadedRoom> {
    const row = this.#stmts.snapshot.get(roomId)
    const snapshot = row ? { seq: row.seq, at: row.at, state: new Uint8Array(row.state) } : null
    return { snapshot, updates: await this.readLog(roomId, snapshot?.seq ?? 0, Number.MAX_SAFE_INTEGER) }
  }

  async saveSnapshot(roomId: string, snapshot: Snapshot): Promise<void> {
    this.#stmts.saveSnapshot.run(roomId, snapshot.seq, snapshot.at, snapshot.state)
  }

  async readLog(roomId: string, afterSeq: number, limit: number): Promise<LogEntry[]> {
    return this.#stmts.readLog.all(roomId, afterSeq, limit).map((row) => ({
      seq: row.seq,
      at: row.at,
      author: row.author,
      update: new Uint8Array(row.update_bytes),
    }))
  }

  async hasRoom(roomId: string): Promise<boolean> {
    return this.#stmts.hasRoom.get(roomId) !== undefined
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close()
  }

  /** Reading the last seq and inserting run in one transaction, so two appends never share a seq. */
  readonly #append = (roomId: string, entry: NewLogEntry): number =>
    this.#db.transaction(() => {
      const seq = (this.#stmts.lastSeq.get(roomId)?.seq ?? 0) + 1
      this.#stmts.append.run(roomId, seq, entry.at, entry.author, entry.update)
      return seq
    })()
}
