import { Kysely, PostgresDialect } from 'kysely'
import type pg from 'pg'
import { appendBatchLimits, GroupCommit, type PendingAppend } from '../groupCommit.ts'
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
} from '../rows.ts'
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
} from '../storage.ts'
import { migrateToLatest } from './migrations.ts'
import { createPool, type PoolOptions } from './pool.ts'
import * as Voice from './postgresVoice.ts'
import * as SQL from './sql.ts'

interface EventRow {
  seq: number
  at: number
  type: string
  actor: string
  payload: unknown
}

interface DocumentRow {
  id: string
  created_at: number
  data: unknown
}

/** Imported log entries go in batches of this many rows per statement. */
const IMPORT_BATCH = 500

/**
 * Most appended updates one commit holds, in number and in bytes: a bound on the statement's
 * size (PostgreSQL takes at most 1 GB in one parameter, and bytes travel hex-encoded).
 */
const APPEND_BATCH = appendBatchLimits(500)

/** Anything that runs a query: the pool, or one connection inside a transaction. */
type Queryable = Pick<pg.Pool, 'query'>

const rowToStored = (row: DocumentRow) => ({ id: row.id, createdAt: row.created_at, data: row.data })

/**
 * Storage on PostgreSQL, for several server processes sharing one database. Chosen when
 * `DATABASE_URL` is set; `open` migrates the schema before anything else runs.
 *
 * Every method is one statement or one transaction, so each is all-or-nothing. Sequence
 * numbers come from a head row per room (and per session) bumped in the appending statement:
 * appends from any number of processes get 1, 2, 3, ... without gaps, and commit in order.
 * Updates are appended by group commit: those arriving, from any room, while a commit is in
 * flight go together in the next one, since each commit waits for an fsync.
 *
 * @example const storage = await PostgresStorage.open('postgres://roofline@db:5432/roofline')
 */
export class PostgresStorage implements Storage {
  readonly #pool: pg.Pool
  readonly #appends: GroupCommit<PendingAppend, number>

  private constructor(pool: pg.Pool) {
    this.#pool = pool
    this.#appends = new GroupCommit((batch) => this.#appendBatch(batch), APPEND_BATCH)
  }

  /** Connects, migrates the schema to the latest step, and resolves with the storage. */
  static async open(connectionString: string, options: PoolOptions = {}): Promise<PostgresStorage> {
    const pool = createPool(connectionString, options)
    try {
      // Kysely runs the migrations on the same pool; queries go through pg directly.
      await migrateToLatest(new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }))
    } catch (error) {
      await pool.end()
      throw error
    }
    return new PostgresStorage(pool)
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1')
  }

  /** Resolves once the commit of the batch holding this update is done; see `GroupCommit`. */
  appendUpdate(roomId: string, entry: NewLogEntry): Promise<number> {
    return this.#appends.submit({ roomId, entry })
  }

  async loadRoom(roomId: string): Promise<LoadedRoom> {
    const { rows } = await this.#pool.query<SnapshotRow>(SQL.LOAD_SNAPSHOT, [roomId])
    const snapshot = rows[0] ? toSnapshot(rows[0]) : null
    return { snapshot, updates: await this.readLog(roomId, snapshot?.seq ?? 0, Number.MAX_SAFE_INTEGER) }
  }

  async saveSnapshot(roomId: string, snapshot: Snapshot): Promise<void> {
    await this.#pool.query(SQL.SAVE_SNAPSHOT, [roomId, snapshot.seq, snapshot.at, snapshot.state])
  }

  async readLog(roomId: string, afterSeq: number, limit: number): Promise<LogEntry[]> {
    const { rows } = await this.#pool.query<LogRow>(SQL.READ_LOG, [roomId, afterSeq, limit])
    return rows.map(toLogEntry)
  }

  async hasRoom(roomId: string): Promise<boolean> {
    return ((await this.#pool.query(SQL.HAS_ROOM, [roomId])).rowCount ?? 0) > 0
  }

  async saveCheckpoint(roomId: string, checkpoint: Snapshot): Promise<void> {
    await this.#pool.query(SQL.SAVE_CHECKPOINT, [roomId, checkpoint.seq, checkpoint.at, checkpoint.state])
  }

  async readCheckpoints(roomId: string): Promise<Snapshot[]> {
    return (await this.#pool.query<SnapshotRow>(SQL.READ_CHECKPOINTS, [roomId])).rows.map(toSnapshot)
  }

  async latestCheckpoint(roomId: string): Promise<{ seq: number; at: number } | null> {
    const { rows } = await this.#pool.query<{ seq: number; at: number }>(SQL.LATEST_CHECKPOINT, [roomId])
    return rows[0] ? { seq: rows[0].seq, at: rows[0].at } : null
  }

  async listCheckpoints(roomId: string): Promise<LogPosition[]> {
    return (await this.#pool.query<LogPosition>(SQL.LIST_CHECKPOINTS, [roomId])).rows
  }

  async readCheckpoint(roomId: string, seq: number): Promise<Snapshot | null> {
    const { rows } = await this.#pool.query<SnapshotRow>(SQL.READ_CHECKPOINT, [roomId, seq])
    return rows[0] ? toSnapshot(rows[0]) : null
  }

  async readLogTimes(roomId: string): Promise<LogPosition[]> {
    return (await this.#pool.query<LogPosition>(SQL.READ_LOG_TIMES, [roomId])).rows
  }

  async createSession(session: StoredSession, tokens: StoredToken[]): Promise<void> {
    await this.#transaction(async (client) => {
      await this.#insertSession(client, session)
      for (const token of tokens) await this.#insertToken(client, token)
    })
  }

  async loadSession(id: string): Promise<LoadedSession | null> {
    const { rows } = await this.#pool.query<DocumentRow & { version: number }>(SQL.LOAD_SESSION, [id])
    const row = rows[0]
    return row ? { ...rowToStored(row), version: row.version } : null
  }

  async saveSession(session: StoredSession, version: number): Promise<boolean> {
    const result = await this.#pool.query(SQL.SAVE_SESSION, [
      session.id,
      JSON.stringify(session.data),
      version,
    ])
    if (result.rowCount === 1) return true
    if (!(await this.loadSession(session.id))) throw new Error(`no session ${session.id}`)
    return false
  }

  async findToken(hash: string): Promise<StoredToken | null> {
    const { rows } = await this.#pool.query<TokenRow>(SQL.FIND_TOKEN, [hash])
    return rows[0] ? toToken(rows[0]) : null
  }

  async addToken(token: StoredToken): Promise<void> {
    await this.#insertToken(this.#pool, token)
  }

  async revokeTokens(sessionId: string, seats: readonly string[], at: number): Promise<number> {
    return (await this.#pool.query(SQL.REVOKE_SEATS, [at, sessionId, seats])).rowCount ?? 0
  }

  async replaceToken(sessionId: string, seat: string, replacement: StoredToken, at: number): Promise<void> {
    await this.#transaction(async (client) => {
      await client.query(SQL.REVOKE_SEAT, [at, sessionId, seat])
      await this.#insertToken(client, replacement)
    })
  }

  async appendSessionEvent(sessionId: string, event: NewSessionEvent): Promise<number> {
    const { rows } = await this.#pool.query<{ seq: number }>(SQL.APPEND_EVENT, [
      sessionId,
      event.at,
      event.type,
      event.actor,
      JSON.stringify(event.payload),
    ])
    return this.#single(rows).seq
  }

  async readSessionEvents(sessionId: string): Promise<SessionEvent[]> {
    const { rows } = await this.#pool.query<EventRow>(SQL.READ_EVENTS, [sessionId])
    return rows.map((row) => ({
      seq: row.seq,
      at: row.at,
      type: row.type,
      actor: row.actor,
      payload: row.payload,
    }))
  }

  async addNote(sessionId: string, note: StoredNote): Promise<void> {
    await this.#insertNote(this.#pool, sessionId, note)
  }

  async listNotes(sessionId: string, round: number): Promise<StoredNote[]> {
    const { rows } = await this.#pool.query<NoteRow>(SQL.LIST_NOTES, [sessionId, round])
    return rows.map(toNote)
  }

  async setScore(sessionId: string, round: number, criterionId: string, score: StoredScore): Promise<void> {
    await this.#setScore(this.#pool, sessionId, round, criterionId, score)
  }

  async listScores(sessionId: string, round: number): Promise<Record<string, StoredScore>> {
    const { rows } = await this.#pool.query<ScoreRow>(SQL.LIST_SCORES, [sessionId, round])
    return toScores(rows)
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    return this.#transaction(async (client) => {
      for (const statement of SQL.DELETE_SESSION_PARTS) await client.query(statement, [sessionId])
      return ((await client.query(SQL.DELETE_SESSION, [sessionId])).rowCount ?? 0) > 0
    })
  }

  async importSession(bundle: SessionBundle): Promise<void> {
    const id = bundle.session.id
    await this.#transaction(async (client) => {
      await this.#insertSession(client, bundle.session)
      for (const token of bundle.tokens) await this.#insertToken(client, token)
      for (const [index, event] of bundle.events.entries()) {
        const payload = JSON.stringify(event.payload)
        await client.query(SQL.INSERT_EVENT, [id, index + 1, event.at, event.type, event.actor, payload])
      }
      if (bundle.events.length > 0) await client.query(SQL.SET_EVENT_HEAD, [id, bundle.events.length])
      for (const note of bundle.notes) await this.#insertNote(client, id, note)
      for (const { round, criterionId, score } of bundle.scores) {
        await this.#setScore(client, id, round, criterionId, score)
      }
      for (let start = 0; start < bundle.log.length; start += IMPORT_BATCH) {
        const batch = bundle.log.slice(start, start + IMPORT_BATCH)
        await client.query(SQL.INSERT_LOG_ROWS, [
          id,
          batch.map((_, offset) => start + offset + 1),
          batch.map((entry) => entry.at),
          batch.map((entry) => entry.author),
          batch.map((entry) => entry.update),
        ])
      }
      if (bundle.log.length > 0) await client.query(SQL.SET_ROOM_HEAD, [id, bundle.log.length])
      for (const checkpoint of bundle.checkpoints) {
        await client.query(SQL.SAVE_CHECKPOINT, [id, checkpoint.seq, checkpoint.at, checkpoint.state])
      }
      if (bundle.snapshot) {
        const { seq, at, state } = bundle.snapshot
        await client.query(SQL.SAVE_SNAPSHOT, [id, seq, at, state])
      }
      await Voice.insertVoiceChunks(client, bundle.voice ?? [])
    })
  }

  addVoiceChunk(chunk: StoredVoiceChunk, maxSessionBytes: number): Promise<VoiceChunkOutcome> {
    return this.#transaction((client) => Voice.addVoiceChunk(client, chunk, maxSessionBytes))
  }

  listVoiceChunks(sessionId: string): Promise<VoiceChunkEntry[]> {
    return Voice.listVoiceChunks(this.#pool, sessionId)
  }

  readVoiceChunks(sessionId: string): Promise<StoredVoiceChunk[]> {
    return Voice.readVoiceChunks(this.#pool, sessionId)
  }

  readVoiceChunk(sessionId: string, seat: string, track: number, seq: number): Promise<Uint8Array | null> {
    return Voice.readVoiceChunk(this.#pool, sessionId, seat, track, seq)
  }

  async addCustomTemplate(template: StoredTemplate): Promise<void> {
    await this.#pool.query(SQL.ADD_TEMPLATE, [template.id, template.createdAt, JSON.stringify(template.data)])
  }

  async deleteCustomTemplate(id: string): Promise<boolean> {
    return ((await this.#pool.query(SQL.DELETE_TEMPLATE, [id])).rowCount ?? 0) > 0
  }

  async listCustomTemplates(): Promise<StoredTemplate[]> {
    return (await this.#pool.query<DocumentRow>(SQL.LIST_TEMPLATES)).rows.map(rowToStored)
  }

  /** Waits for appends and queries in flight, then closes every connection. Closing twice is harmless. */
  async close(): Promise<void> {
    await this.#appends.settled()
    if (!this.#pool.ended) await this.#pool.end()
  }

  /** Appends a batch of updates of any rooms in one statement (one commit); their seqs, in order. */
  async #appendBatch(batch: PendingAppend[]): Promise<number[]> {
    const { rows } = await this.#pool.query<{ seq: number }>(SQL.APPEND_UPDATES, [
      batch.map(({ roomId }) => roomId),
      batch.map(({ entry }) => entry.at),
      batch.map(({ entry }) => entry.author),
      batch.map(({ entry }) => entry.update),
    ])
    return rows.map((row) => row.seq)
  }

  /** Runs `work` on one connection between BEGIN and COMMIT; any error rolls all of it back. */
  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect()
    let broken: Error | undefined
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      // A connection that cannot even roll back is dropped rather than handed out again.
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError
      })
      throw error
    } finally {
      client.release(broken)
    }
  }

  /** The one row an appending statement returns. */
  #single<T>(rows: T[]): T {
    const [row] = rows
    if (row === undefined) throw new Error('PostgreSQL returned no row for an append')
    return row
  }

  async #insertSession(db: Queryable, session: StoredSession): Promise<void> {
    await db.query(SQL.INSERT_SESSION, [session.id, session.createdAt, JSON.stringify(session.data)])
  }

  async #insertToken(db: Queryable, token: StoredToken): Promise<void> {
    await db.query(SQL.INSERT_TOKEN, [token.hash, token.sessionId, token.seat, token.revokedAt])
  }

  async #insertNote(db: Queryable, sessionId: string, note: StoredNote): Promise<void> {
    const text = JSON.stringify(note.text)
    await db.query(SQL.ADD_NOTE, [sessionId, note.id, note.at, note.sessionClockMs, note.round, text])
  }

  async #setScore(
    db: Queryable,
    sessionId: string,
    round: number,
    criterionId: string,
    score: StoredScore,
  ): Promise<void> {
    const comment = JSON.stringify(score.comment)
    await db.query(SQL.SET_SCORE, [sessionId, round, criterionId, score.score, comment, score.at])
  }
}
