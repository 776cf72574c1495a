import type Database from 'better-sqlite3'
import type { StoredVoiceChunk, VoiceChunkEntry, VoiceChunkOutcome, VoiceStorage } from './storage.ts'
import {
  toVoiceChunk,
  toVoiceEntry,
  VOICE_ENTRY_COLUMNS,
  type VoiceChunkRow,
  type VoiceEntryRow,
  voiceChunkDecision,
  voiceInsertValues,
} from './voiceRows.ts'

/**
 * The `voice_chunk` table. A rowid table with a unique index rather than `WITHOUT ROWID`:
 * its rows hold blobs of ~12 kB, far past the size SQLite advises for a clustered row.
 */
export const SQLITE_VOICE_SCHEMA = `
CREATE TABLE IF NOT EXISTS voice_chunk (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL,
  seat TEXT NOT NULL,
  track INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  mime TEXT NOT NULL,
  levels TEXT NOT NULL,
  size INTEGER NOT NULL,
  bytes BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS voice_chunk_by_place ON voice_chunk (session_id, seat, track, seq);
`
/** Deletes a session's chunks (part of deleting the session). */
export const SQLITE_DELETE_VOICE = 'DELETE FROM voice_chunk WHERE session_id = ?'
const ORDER = 'ORDER BY seat, track, seq'

/** Voice chunks in the SQLite file; each store is one transaction (committed before it answers). */
export class SqliteVoice implements VoiceStorage {
  readonly #db: Database.Database
  readonly #sql

  constructor(db: Database.Database) {
    this.#db = db
    this.#sql = {
      find: db.prepare<[string, string, number, number], { bytes: Buffer }>(
        'SELECT bytes FROM voice_chunk WHERE session_id = ? AND seat = ? AND track = ? AND seq = ?',
      ),
      total: db.prepare<[string], { total: number }>(
        'SELECT COALESCE(SUM(size), 0) AS total FROM voice_chunk WHERE session_id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO voice_chunk (${VOICE_ENTRY_COLUMNS}, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      list: db.prepare<[string], VoiceEntryRow>(
        `SELECT ${VOICE_ENTRY_COLUMNS} FROM voice_chunk WHERE session_id = ? ${ORDER}`,
      ),
      readAll: db.prepare<[string], VoiceChunkRow>(
        `SELECT ${VOICE_ENTRY_COLUMNS}, bytes FROM voice_chunk WHERE session_id = ? ${ORDER}`,
      ),
    }
  }

  /** Inserts chunks as they are (an import, inside the caller's transaction). */
  insertAll(chunks: readonly StoredVoiceChunk[]): void {
    for (const chunk of chunks) this.#sql.insert.run(...voiceInsertValues(chunk))
  }

  async addVoiceChunk(chunk: StoredVoiceChunk, maxSessionBytes: number): Promise<VoiceChunkOutcome> {
    return this.#db
      .transaction((): VoiceChunkOutcome => {
        const existing = this.#sql.find.get(chunk.sessionId, chunk.seat, chunk.track, chunk.seq)
        const total = this.#sql.total.get(chunk.sessionId)?.total ?? 0
        const decision = voiceChunkDecision(existing?.bytes ?? null, chunk, total, maxSessionBytes)
        if (decision !== 'insert') return decision
        this.#sql.insert.run(...voiceInsertValues(chunk))
        return 'stored'
      })
      .immediate()
  }

  async listVoiceChunks(sessionId: string): Promise<VoiceChunkEntry[]> {
    return this.#sql.list.all(sessionId).map(toVoiceEntry)
  }

  async readVoiceChunks(sessionId: string): Promise<StoredVoiceChunk[]> {
    return this.#sql.readAll.all(sessionId).map(toVoiceChunk)
  }

  async readVoiceChunk(
    sessionId: string,
    seat: string,
    track: number,
    seq: number,
  ): Promise<Uint8Array | null> {
    const row = this.#sql.find.get(sessionId, seat, track, seq)
    return row ? new Uint8Array(row.bytes) : null
  }
}
