import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { JournalRecord } from './appendJournal.ts'
import { DataFileLock } from './dataFileLock.ts'
import { JournalledLog } from './journalledLog.ts'
import {
  type LogRow,
  type NoteRow,
  type ScoreRow,
  type SnapshotRow,
  type TokenRow,
  toLogEntry,
  toNote,
  toScores,
  toSnapshot,
  toToken,
} from './rows.ts'
import { migrateSqlite, SQLITE_SCHEMA } from './sqliteSchema.ts'
import { SQLITE_DELETE_VOICE, SqliteVoice } from './sqliteVoice.ts'
import type {
  LoadedRoom,
  LoadedSession,
  LogEntry,
  LogPosition,
  NewLogEntry,
  NewSessionEvent,
  SessionBundle,
  SessionEvent,
  Snapshot,
  Storage,
  StoredNote,
  StoredScore,
  StoredSession,
  StoredTemplate,
  StoredToken,
  StoredVoiceChunk,
  VoiceChunkEntry,
  VoiceChunkOutcome,
} from './storage.ts'
import { WalCheckpointer } from './walCheckpointer.ts'

const SQL_LAST_SEQ = 'SELECT COALESCE(MAX(seq), 0) AS seq FROM room_log WHERE room_id = ?'
const SQL_APPEND = 'INSERT INTO room_log (room_id, seq, at, author, update_bytes) VALUES (?, ?, ?, ?, ?)'
/** For entries recovered from the journal: a crash between storing them and emptying it leaves some stored. */
const SQL_APPEND_RECOVERED =
  'INSERT OR IGNORE INTO room_log (room_id, seq, at, author, update_bytes) VALUES (?, ?, ?, ?, ?)'
const SQL_SNAPSHOT = 'SELECT seq, at, state FROM room_snapshot WHERE room_id = ?'
const SQL_SAVE_SNAPSHOT = `INSERT INTO room_snapshot (room_id, seq, at, state) VALUES (?, ?, ?, ?)
  ON CONFLICT (room_id) DO UPDATE SET seq = excluded.seq, at = excluded.at, state = excluded.state
  WHERE excluded.seq >= room_snapshot.seq`
const SQL_READ_LOG =
  'SELECT seq, at, author, update_bytes FROM room_log WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?'
const SQL_HAS_ROOM = 'SELECT 1 FROM room_log WHERE room_id = ? LIMIT 1'
const SQL_SAVE_CHECKPOINT = `INSERT INTO room_checkpoint (room_id, seq, at, state) VALUES (?, ?, ?, ?)
  ON CONFLICT (room_id, seq) DO NOTHING`
const SQL_READ_CHECKPOINTS = 'SELECT seq, at, state FROM room_checkpoint WHERE room_id = ? ORDER BY seq'
const SQL_LIST_CHECKPOINTS = 'SELECT seq, at FROM room_checkpoint WHERE room_id = ? ORDER BY seq'
const SQL_READ_CHECKPOINT = 'SELECT seq, at, state FROM room_checkpoint WHERE room_id = ? AND seq = ?'
const SQL_READ_LOG_TIMES = 'SELECT seq, at FROM room_log WHERE room_id = ? ORDER BY seq'
const SQL_LATEST_CHECKPOINT =
  'SELECT seq, at FROM room_checkpoint WHERE room_id = ? ORDER BY seq DESC LIMIT 1'
/** Everything of a session, table by table; the room's rows share the session's id. */
const SQL_DELETE_SESSION = [
  'DELETE FROM session_token WHERE session_id = ?',
  'DELETE FROM session_event WHERE session_id = ?',
  'DELETE FROM session_note WHERE session_id = ?',
  'DELETE FROM session_score WHERE session_id = ?',
  'DELETE FROM room_log WHERE room_id = ?',
  'DELETE FROM room_snapshot WHERE room_id = ?',
  'DELETE FROM room_checkpoint WHERE room_id = ?',
  SQLITE_DELETE_VOICE,
]
const SQL_DELETE_SESSION_ROW = 'DELETE FROM session WHERE id = ?'
const SQL_INSERT_SESSION = 'INSERT INTO session (id, created_at, data) VALUES (?, ?, ?)'
const SQL_LOAD_SESSION = 'SELECT id, created_at, data, version FROM session WHERE id = ?'
const SQL_SAVE_SESSION = 'UPDATE session SET data = ?, version = version + 1 WHERE id = ? AND version = ?'
const SQL_INSERT_TOKEN = 'INSERT INTO session_token (hash, session_id, seat, revoked_at) VALUES (?, ?, ?, ?)'
const SQL_FIND_TOKEN = 'SELECT hash, session_id, seat, revoked_at FROM session_token WHERE hash = ?'
const SQL_REVOKE_SEAT =
  'UPDATE session_token SET revoked_at = ? WHERE session_id = ? AND seat = ? AND revoked_at IS NULL'
const SQL_LAST_EVENT = 'SELECT COALESCE(MAX(seq), 0) AS seq FROM session_event WHERE session_id = ?'
const SQL_APPEND_EVENT =
  'INSERT INTO session_event (session_id, seq, at, type, actor, payload) VALUES (?, ?, ?, ?, ?, ?)'
const SQL_READ_EVENTS =
  'SELECT seq, at, type, actor, payload FROM session_event WHERE session_id = ? ORDER BY seq'
const SQL_ADD_NOTE =
  'INSERT INTO session_note (session_id, id, at, session_clock_ms, round, text) VALUES (?, ?, ?, ?, ?, ?)'
const SQL_LIST_NOTES =
  'SELECT id, at, session_clock_ms, round, text FROM session_note WHERE session_id = ? AND round = ? ORDER BY at, id'
const SQL_SET_SCORE = `INSERT INTO session_score (session_id, round, criterion_id, score, comment, at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (session_id, round, criterion_id) DO UPDATE SET score = excluded.score, comment = excluded.comment, at = excluded.at`
const SQL_ADD_TEMPLATE = 'INSERT INTO custom_template (id, created_at, data) VALUES (?, ?, ?)'
const SQL_LIST_TEMPLATES = 'SELECT id, created_at, data FROM custom_template ORDER BY created_at, id'
const SQL_DELETE_TEMPLATE = 'DELETE FROM custom_template WHERE id = ?'
const SQL_LIST_SCORES =
  'SELECT criterion_id, score, comment, at FROM session_score WHERE session_id = ? AND round = ?'

/**
 * The connection's page cache, in KiB. better-sqlite3 13 builds SQLite with a 16,000 KiB
 * default (`SQLITE_DEFAULT_CACHE_SIZE=-16000` in its deps/defines.gypi, against SQLite's own
 * 2,000), and the server's appends fill it: 200 rooms of 100 shapes grew the process by ~8.6 MB
 * of cached pages, a fifth of what those rooms cost. The hot pages of appends (the right edge of
 * each index) fit in far less; a page read past the cache comes from the OS's file cache.
 */
export const SQLITE_PAGE_CACHE_KIB = 2048
/** How often the worker copies the write-ahead log into the database. */
const CHECKPOINT_INTERVAL_MS = 250
/** Log pages (4 KiB) past which the server's own connection checkpoints, should the worker not. */
const FALLBACK_CHECKPOINT_PAGES = 10_000

interface EventRow {
  seq: number
  at: number
  type: string
  actor: string
  payload: string
}

/**
 * The embedded default: one SQLite file under the data directory, in WAL mode.
 *
 * Board updates go through a `JournalledLog`: when `appendUpdate` resolves, the entry is in a
 * journal beside the file and survives a crash of this process (a power loss or OS crash may
 * lose the tail, as with SQLite's `synchronous = NORMAL`; `durability: 'full'` syncs every
 * write for that); it reaches `room_log` soon after, and reads see it either way. Entries a
 * crash left in a journal are copied into `room_log` when the file is next opened.
 *
 * One handle at a time may open a file (a second is refused, in this process or another):
 * the log's numbering and journals belong to the handle.
 */
export class SqliteStorage implements Storage {
  readonly #db: Database.Database
  readonly #stmts
  readonly #sql
  readonly #log: JournalledLog
  readonly #voice: SqliteVoice
  readonly #checkpointer: WalCheckpointer | null = null
  /** Held while open, so no other handle appends to the file (null in memory). */
  readonly #lock: DataFileLock | null = null
  /** Settles once closed; set by the first `close`. */
  #closed: Promise<void> | null = null

  constructor(file: string, options: { durability?: 'normal' | 'full' } = {}) {
    const inMemory = file === ':memory:'
    if (!inMemory) {
      mkdirSync(path.dirname(file), { recursive: true })
      this.#lock = DataFileLock.acquire(`${file}-lock`, file)
    }
    let opened: Database.Database | undefined
    try {
      opened = new Database(file)
      opened.pragma('journal_mode = WAL')
      opened.pragma(`cache_size = -${SQLITE_PAGE_CACHE_KIB}`)
      opened.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`)
      migrateSqlite(opened, SQLITE_SCHEMA)
    } catch (error) {
      opened?.close()
      this.#lock?.release()
      throw error
    }
    this.#db = opened
    this.#stmts = {
      lastSeq: this.#db.prepare<[string], { seq: number }>(SQL_LAST_SEQ),
      append: this.#db.prepare(SQL_APPEND),
      snapshot: this.#db.prepare<[string], SnapshotRow>(SQL_SNAPSHOT),
      saveSnapshot: this.#db.prepare(SQL_SAVE_SNAPSHOT),
      readLog: this.#db.prepare<[string, number, number], LogRow>(SQL_READ_LOG),
      hasRoom: this.#db.prepare<[string], unknown>(SQL_HAS_ROOM),
      saveCheckpoint: this.#db.prepare(SQL_SAVE_CHECKPOINT),
      readCheckpoints: this.#db.prepare<[string], SnapshotRow>(SQL_READ_CHECKPOINTS),
      latestCheckpoint: this.#db.prepare<[string], { seq: number; at: number }>(SQL_LATEST_CHECKPOINT),
      listCheckpoints: this.#db.prepare<[string], LogPosition>(SQL_LIST_CHECKPOINTS),
      readCheckpoint: this.#db.prepare<[string, number], SnapshotRow>(SQL_READ_CHECKPOINT),
      readLogTimes: this.#db.prepare<[string], LogPosition>(SQL_READ_LOG_TIMES),
      deleteSession: SQL_DELETE_SESSION.map((sql) => this.#db.prepare(sql)),
      deleteSessionRow: this.#db.prepare(SQL_DELETE_SESSION_ROW),
    }
    const insert = (statement: Database.Statement) =>
      this.#db.transaction((records: readonly JournalRecord[]) => {
        for (const { roomId, entry } of records) {
          statement.run(roomId, entry.seq, entry.at, entry.author, entry.update)
        }
      })
    try {
      this.#log = new JournalledLog(
        {
          lastSeq: (roomId) => this.#stmts.lastSeq.get(roomId)?.seq ?? 0,
          insert: insert(this.#stmts.append),
          insertRecovered: insert(this.#db.prepare(SQL_APPEND_RECOVERED)),
        },
        inMemory ? null : [`${file}-appends-0`, `${file}-appends-1`],
        { sync: options.durability === 'full' },
      )
    } catch (error) {
      this.#db.close()
      this.#lock?.release()
      throw error
    }
    const db = this.#db
    this.#sql = {
      insertSession: db.prepare(SQL_INSERT_SESSION),
      loadSession: db.prepare<[string], { id: string; created_at: number; data: string; version: number }>(
        SQL_LOAD_SESSION,
      ),
      saveSession: db.prepare(SQL_SAVE_SESSION),
      insertToken: db.prepare(SQL_INSERT_TOKEN),
      findToken: db.prepare<[string], TokenRow>(SQL_FIND_TOKEN),
      revokeSeat: db.prepare(SQL_REVOKE_SEAT),
      lastEvent: db.prepare<[string], { seq: number }>(SQL_LAST_EVENT),
      appendEvent: db.prepare(SQL_APPEND_EVENT),
      readEvents: db.prepare<[string], EventRow>(SQL_READ_EVENTS),
      addNote: db.prepare(SQL_ADD_NOTE),
      listNotes: db.prepare<[string, number], NoteRow>(SQL_LIST_NOTES),
      setScore: db.prepare(SQL_SET_SCORE),
      listScores: db.prepare<[string, number], ScoreRow>(SQL_LIST_SCORES),
      addTemplate: db.prepare(SQL_ADD_TEMPLATE),
      deleteTemplate: db.prepare<[string]>(SQL_DELETE_TEMPLATE),
      listTemplates: db.prepare<[], { id: string; created_at: number; data: string }>(SQL_LIST_TEMPLATES),
    }
    this.#voice = new SqliteVoice(db)
    if (file !== ':memory:') {
      // The worker checkpoints; the server's connection only when the log grows past 40 MiB.
      this.#db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`)
      this.#checkpointer = WalCheckpointer.start(file, CHECKPOINT_INTERVAL_MS)
    }
  }

  /** Opens (creating if needed) `roofline.sqlite` in `dataDir`. */
  static inDirectory(dataDir: string): SqliteStorage {
    return new SqliteStorage(path.join(dataDir, 'roofline.sqlite'))
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get()
  }

  /** The KiB of pages the connection may keep cached (SQLite's `cache_size`, as a size). */
  pageCacheKib(): number {
    const pages = this.#db.pragma('cache_size', { simple: true }) as number
    // Negative: a size in KiB; positive: a count of pages.
    return pages < 0 ? -pages : (pages * (this.#db.pragma('page_size', { simple: true }) as number)) / 1024
  }

  /** Resolves once the group commit holding the entry is journalled (see `JournalledLog`). */
  appendUpdate(roomId: string, entry: NewLogEntry): Promise<number> {
    return this.#log.append(roomId, entry)
  }

  async loadRoom(roomId: string): Promise<LoadedRoom> {
    const row = this.#stmts.snapshot.get(roomId)
    const snapshot = row ? toSnapshot(row) : null
    return { snapshot, updates: await this.readLog(roomId, snapshot?.seq ?? 0, Number.MAX_SAFE_INTEGER) }
  }

  async saveSnapshot(roomId: string, snapshot: Snapshot): Promise<void> {
    this.#stmts.saveSnapshot.run(roomId, snapshot.seq, snapshot.at, snapshot.state)
  }

  async readLog(roomId: string, afterSeq: number, limit: number): Promise<LogEntry[]> {
    const stored = this.#stmts.readLog.all(roomId, afterSeq, limit).map(toLogEntry)
    if (stored.length === limit) return stored
    // The room's newest entries may still be only in the journal: they follow the stored ones.
    const newer = this.#log.entriesAfter(roomId, stored.at(-1)?.seq ?? afterSeq)
    return [...stored, ...newer.slice(0, limit - stored.length)]
  }

  async hasRoom(roomId: string): Promise<boolean> {
    return this.#log.has(roomId) || this.#stmts.hasRoom.get(roomId) !== undefined
  }

  async saveCheckpoint(roomId: string, checkpoint: Snapshot): Promise<void> {
    this.#stmts.saveCheckpoint.run(roomId, checkpoint.seq, checkpoint.at, checkpoint.state)
  }

  async readCheckpoints(roomId: string): Promise<Snapshot[]> {
    return this.#stmts.readCheckpoints.all(roomId).map(toSnapshot)
  }

  async latestCheckpoint(roomId: string): Promise<{ seq: number; at: number } | null> {
    const row = this.#stmts.latestCheckpoint.get(roomId)
    return row ? { seq: row.seq, at: row.at } : null
  }

  async listCheckpoints(roomId: string): Promise<LogPosition[]> {
    return this.#stmts.listCheckpoints.all(roomId).map((row) => ({ seq: row.seq, at: row.at }))
  }

  async readCheckpoint(roomId: string, seq: number): Promise<Snapshot | null> {
    const row = this.#stmts.readCheckpoint.get(roomId, seq)
    return row ? toSnapshot(row) : null
  }

  async readLogTimes(roomId: string): Promise<LogPosition[]> {
    const stored = this.#stmts.readLogTimes.all(roomId).map((row) => ({ seq: row.seq, at: row.at }))
    return [...stored, ...this.#log.positionsAfter(roomId, stored.at(-1)?.seq ?? 0)]
  }

  async addToken(token: StoredToken): Promise<void> {
    this.#insertToken(token)
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    // Everything into the table first, so the room's entries are deleted with it.
    this.#log.storeAll()
    this.#log.forget(sessionId)
    return this.#db.transaction(() => {
      for (const statement of this.#stmts.deleteSession) statement.run(sessionId)
      return this.#stmts.deleteSessionRow.run(sessionId).changes > 0
    })()
  }

  async importSession(bundle: SessionBundle): Promise<void> {
    const id = bundle.session.id
    this.#log.storeAll()
    this.#log.forget(id)
    this.#db.transaction(() => {
      this.#sql.insertSession.run(id, bundle.session.createdAt, JSON.stringify(bundle.session.data))
      for (const token of bundle.tokens) this.#insertToken(token)
      for (const [index, event] of bundle.events.entries()) {
        this.#sql.appendEvent.run(
          id,
          index + 1,
          event.at,
          event.type,
          event.actor,
          JSON.stringify(event.payload),
        )
      }
      for (const note of bundle.notes) {
        this.#sql.addNote.run(id, note.id, note.at, note.sessionClockMs, note.round, note.text)
      }
      for (const { round, criterionId, score } of bundle.scores) {
        this.#sql.setScore.run(id, round, criterionId, score.score, score.comment, score.at)
      }
      for (const [index, entry] of bundle.log.entries()) {
        this.#stmts.append.run(id, index + 1, entry.at, entry.author, entry.update)
      }
      for (const checkpoint of bundle.checkpoints) {
        this.#stmts.saveCheckpoint.run(id, checkpoint.seq, checkpoint.at, checkpoint.state)
      }
      if (bundle.snapshot) {
        this.#stmts.saveSnapshot.run(id, bundle.snapshot.seq, bundle.snapshot.at, bundle.snapshot.state)
      }
      this.#voice.insertAll(bundle.voice ?? [])
    })()
  }

  addVoiceChunk(chunk: StoredVoiceChunk, maxSessionBytes: number): Promise<VoiceChunkOutcome> {
    return this.#voice.addVoiceChunk(chunk, maxSessionBytes)
  }

  listVoiceChunks(sessionId: string): Promise<VoiceChunkEntry[]> {
    return this.#voice.listVoiceChunks(sessionId)
  }

  readVoiceChunks(sessionId: string): Promise<StoredVoiceChunk[]> {
    return this.#voice.readVoiceChunks(sessionId)
  }

  readVoiceChunk(sessionId: string, seat: string, track: number, seq: number): Promise<Uint8Array | null> {
    return this.#voice.readVoiceChunk(sessionId, seat, track, seq)
  }

  async createSession(session: StoredSession, tokens: StoredToken[]): Promise<void> {
    this.#db.transaction(() => {
      this.#sql.insertSession.run(session.id, session.createdAt, JSON.stringify(session.data))
      for (const token of tokens) this.#insertToken(token)
    })()
  }

  async loadSession(id: string): Promise<LoadedSession | null> {
    const row = this.#sql.loadSession.get(id)
    return row
      ? { id: row.id, createdAt: row.created_at, data: JSON.parse(row.data), version: row.version }
      : null
  }

  async saveSession(session: StoredSession, version: number): Promise<boolean> {
    const result = this.#sql.saveSession.run(JSON.stringify(session.data), session.id, version)
    if (result.changes === 1) return true
    if (!this.#sql.loadSession.get(session.id)) throw new Error(`no session ${session.id}`)
    return false
  }

  async findToken(hash: string): Promise<StoredToken | null> {
    const row = this.#sql.findToken.get(hash)
    return row ? toToken(row) : null
  }

  async revokeTokens(sessionId: string, seats: readonly string[], at: number): Promise<number> {
    return this.#db.transaction(() =>
      seats.reduce((count, seat) => count + this.#sql.revokeSeat.run(at, sessionId, seat).changes, 0),
    )()
  }

  async replaceToken(sessionId: string, seat: string, replacement: StoredToken, at: number): Promise<void> {
    this.#db.transaction(() => {
      this.#sql.revokeSeat.run(at, sessionId, seat)
      this.#insertToken(replacement)
    })()
  }

  async appendSessionEvent(sessionId: string, event: NewSessionEvent): Promise<number> {
    return this.#db.transaction(() => {
      const seq = (this.#sql.lastEvent.get(sessionId)?.seq ?? 0) + 1
      this.#sql.appendEvent.run(
        sessionId,
        seq,
        event.at,
        event.type,
        event.actor,
        JSON.stringify(event.payload),
      )
      return seq
    })()
  }

  async readSessionEvents(sessionId: string): Promise<SessionEvent[]> {
    return this.#sql.readEvents.all(sessionId).map((row) => ({
      seq: row.seq,
      at: row.at,
      type: row.type,
      actor: row.actor,
      payload: JSON.parse(row.payload),
    }))
  }

  async addNote(sessionId: string, note: StoredNote): Promise<void> {
    this.#sql.addNote.run(sessionId, note.id, note.at, note.sessionClockMs, note.round, note.text)
  }

  async listNotes(sessionId: string, round: number): Promise<StoredNote[]> {
    return this.#sql.listNotes.all(sessionId, round).map(toNote)
  }

  async setScore(sessionId: string, round: number, criterionId: string, score: StoredScore): Promise<void> {
    this.#sql.setScore.run(sessionId, round, criterionId, score.score, score.comment, score.at)
  }

  async listScores(sessionId: string, round: number): Promise<Record<string, StoredScore>> {
    return toScores(this.#sql.listScores.all(sessionId, round))
  }

  async addCustomTemplate(template: StoredTemplate): Promise<void> {
    this.#sql.addTemplate.run(template.id, template.createdAt, JSON.stringify(template.data))
  }

  async deleteCustomTemplate(id: string): Promise<boolean> {
    return this.#sql.deleteTemplate.run(id).changes > 0
  }

  async listCustomTemplates(): Promise<StoredTemplate[]> {
    return this.#sql.listTemplates.all().map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      data: JSON.parse(row.data),
    }))
  }

  #insertToken(token: StoredToken): void {
    this.#sql.insertToken.run(token.hash, token.sessionId, token.seat, token.revokedAt)
  }

  close(): Promise<void> {
    this.#closed ??= this.#close()
    return this.#closed
  }

  async #close(): Promise<void> {
    try {
      await this.#log.close()
    } finally {
      await this.#checkpointer?.stop()
      this.#db.close()
      this.#lock?.release()
    }
  }
}
