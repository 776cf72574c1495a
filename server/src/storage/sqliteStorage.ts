import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { appendBatchLimits, GroupCommit, type PendingAppend } from './groupCommit.ts'
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
import { migrateSqlite } from './sqliteSchema.ts'
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
} from './storage.ts'
import { WalCheckpointer } from './walCheckpointer.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS room_log (
  id INTEGER PRIMARY KEY,
  room_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  update_bytes BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS room_log_by_room ON room_log (room_id, seq);
CREATE TABLE IF NOT EXISTS session (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS session_token (
  hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  seat TEXT NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS session_token_by_session ON session_token (session_id, seat);
CREATE TABLE IF NOT EXISTS session_event (
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS session_note (
  session_id TEXT NOT NULL,
  id TEXT NOT NULL,
  at INTEGER NOT NULL,
  session_clock_ms INTEGER NOT NULL,
  round INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (session_id, id)
);
CREATE TABLE IF NOT EXISTS session_score (
  session_id TEXT NOT NULL,
  round INTEGER NOT NULL,
  criterion_id TEXT NOT NULL,
  score INTEGER,
  comment TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (session_id, round, criterion_id)
);
CREATE TABLE IF NOT EXISTS custom_template (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS room_checkpoint (
  room_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  state BLOB NOT NULL,
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
const SQL_LIST_SCORES =
  'SELECT criterion_id, score, comment, at FROM session_score WHERE session_id = ? AND round = ?'

/** How often the worker copies the write-ahead log into the database. */
const CHECKPOINT_INTERVAL_MS = 250
/** Log pages (4 KiB) past which the server's own connection checkpoints, should the worker not. */
const FALLBACK_CHECKPOINT_PAGES = 10_000

/** Rooms whose last seq a handle remembers (a few dozen bytes each). */
const MAX_SEQ_HINTS = 10_000

/** Caps of one group commit: its transaction holds the database for the whole batch. */
const APPEND_BATCH = appendBatchLimits(1000)

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
 * Appends are group commits, so when `appendUpdate` resolves the row is in the WAL and
 * survives a crash of this process (`synchronous = NORMAL` may lose the tail only
 * on a power loss or OS crash; set `synchronous = FULL` through `durability: 'full'` for that).
 */
export class SqliteStorage implements Storage {
  readonly #db: Database.Database
  readonly #stmts
  readonly #sql
  /**
   * Appends go in group commits: everything appended during one turn of the event loop is
   * committed in one transaction at the end of it (`setImmediate`), in call order. Under a
   * 100-room drawing load a commit per update was a third of the server's CPU.
   */
  readonly #appends: GroupCommit<PendingAppend, number>
  readonly #checkpointer: WalCheckpointer | null = null
  /**
   * The last seq this handle appended to each room, so a batch does not look it up: the
   * lookup was half of an append's CPU (20 → 11.5 µs per append, 200 rooms, batches of 10).
   * Only a hint: were another handle on the file to append to the room, the unique index
   * refuses the stale number and the batch is retried with fresh lookups. (A room deleted
   * through another handle would go on from its old number, leaving a gap at the start; one
   * process per SQLite file is the supported setup, and it drops a room before deleting it.)
   */
  readonly #lastSeqs = new Map<string, number>()
  /** One batch in one transaction, numbering each room after `last`, `#lastSeqs` or the table. */
  readonly #appendAll: (entries: PendingAppend[], last: Map<string, number>) => number[]

  constructor(file: string, options: { durability?: 'normal' | 'full' } = {}) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
    this.#db = new Database(file)
    this.#db.pragma('journal_mode = WAL')
    this.#db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`)
    try {
      migrateSqlite(this.#db, SCHEMA)
    } catch (error) {
      this.#db.close()
      throw error
    }
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
    // One transaction per batch; a room's last seq comes from `#lastSeqs` or is read once.
    this.#appendAll = this.#db.transaction((entries: PendingAppend[], last: Map<string, number>) =>
      entries.map(({ roomId, entry }) => {
        const seq =
          (last.get(roomId) ?? this.#lastSeqs.get(roomId) ?? this.#stmts.lastSeq.get(roomId)?.seq ?? 0) + 1
        last.set(roomId, seq)
        this.#stmts.append.run(roomId, seq, entry.at, entry.author, entry.update)
        return seq
      }),
    )
    this.#appends = new GroupCommit(async (entries: PendingAppend[]) => this.#appendBatch(entries), {
      ...APPEND_BATCH,
      gather: () => new Promise((resolve) => setImmediate(resolve)),
    })
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
      listTemplates: db.prepare<[], { id: string; created_at: number; data: string }>(SQL_LIST_TEMPLATES),
    }
    if (file !== ':memory:') {
      // The worker checkpoints; the server's connection only when the log grows past 40 MiB.
      this.#db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`)
      this.#checkpointer = WalCheckpointer.start(file, CHECKPOINT_INTERVAL_MS)
    }
  }

  /** Commits a batch, learning each room's new last seq; retried once with lookups if a hint was stale. */
  #appendBatch(entries: PendingAppend[]): number[] {
    const last = new Map<string, number>()
    let seqs: number[]
    try {
      seqs = this.#appendAll(entries, last)
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error
      // The transaction rolled back: forget the batch's hints and number from the table.
      for (const { roomId } of entries) this.#lastSeqs.delete(roomId)
      last.clear()
      seqs = this.#appendAll(entries, last)
    }
    // Bounded: a server that saw many rooms just looks some up again.
    if (this.#lastSeqs.size + last.size > MAX_SEQ_HINTS) this.#lastSeqs.clear()
    for (const [roomId, seq] of last) this.#lastSeqs.set(roomId, seq)
    return seqs
  }

  /** Opens (creating if needed) `roofline.sqlite` in `dataDir`. */
  static inDirectory(dataDir: string): SqliteStorage {
    return new SqliteStorage(path.join(dataDir, 'roofline.sqlite'))
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get()
  }

  /** Resolves once the group commit holding the entry is in the WAL (see `#appends`). */
  appendUpdate(roomId: string, entry: NewLogEntry): Promise<number> {
    return this.#appends.submit({ roomId, entry })
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
    return this.#stmts.readLog.all(roomId, afterSeq, limit).map(toLogEntry)
  }

  async hasRoom(roomId: string): Promise<boolean> {
    return this.#stmts.hasRoom.get(roomId) !== undefined
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
    return this.#stmts.readLogTimes.all(roomId).map((row) => ({ seq: row.seq, at: row.at }))
  }

  async addToken(token: StoredToken): Promise<void> {
    this.#insertToken(token)
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    this.#lastSeqs.delete(sessionId)
    return this.#db.transaction(() => {
      for (const statement of this.#stmts.deleteSession) statement.run(sessionId)
      return this.#stmts.deleteSessionRow.run(sessionId).changes > 0
    })()
  }

  async importSession(bundle: SessionBundle): Promise<void> {
    const id = bundle.session.id
    this.#lastSeqs.delete(id)
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
    })()
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

  async close(): Promise<void> {
    await this.#appends.settled()
    await this.#checkpointer?.stop()
    if (this.#db.open) this.#db.close()
  }
}
