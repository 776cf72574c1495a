import type pg from 'pg'
import type { StoredVoiceChunk, VoiceChunkEntry, VoiceChunkOutcome } from '../storage.ts'
import * as Rows from '../voiceRows.ts'

type Queryable = Pick<pg.Pool, 'query'>

const ORDER = 'ORDER BY seat, track, seq'
const FIND = 'SELECT bytes FROM voice_chunk WHERE session_id = $1 AND seat = $2 AND track = $3 AND seq = $4'
const INSERT = `INSERT INTO voice_chunk (${Rows.VOICE_ENTRY_COLUMNS}, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`

/**
 * Stores a chunk inside the caller's transaction. Uploads of one session, from any process,
 * queue on a transaction-scoped advisory lock keyed by the session, so two of them cannot
 * both fit under the session's total when only one does.
 */
export async function addVoiceChunk(
  client: Queryable,
  chunk: StoredVoiceChunk,
  maxSessionBytes: number,
): Promise<VoiceChunkOutcome> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('voice:' || $1))", [chunk.sessionId])
  const { rows } = await client.query<{ bytes: Buffer }>(FIND, [
    chunk.sessionId,
    chunk.seat,
    chunk.track,
    chunk.seq,
  ])
  const total = await client.query<{ total: string }>(
    'SELECT COALESCE(SUM(size), 0) AS total FROM voice_chunk WHERE session_id = $1',
    [chunk.sessionId],
  )
  const decision = Rows.voiceChunkDecision(
    rows[0]?.bytes ?? null,
    chunk,
    Number(total.rows[0]?.total ?? 0),
    maxSessionBytes,
  )
  if (decision !== 'insert') return decision
  await client.query(INSERT, Rows.voiceInsertValues(chunk))
  return 'stored'
}

/** Inserts chunks as they are (an import, inside the caller's transaction). */
export async function insertVoiceChunks(
  client: Queryable,
  chunks: readonly StoredVoiceChunk[],
): Promise<void> {
  for (const chunk of chunks) await client.query(INSERT, Rows.voiceInsertValues(chunk))
}

/** The session's chunks without their bytes. */
export async function listVoiceChunks(db: Queryable, sessionId: string): Promise<VoiceChunkEntry[]> {
  const { rows } = await db.query<Rows.VoiceEntryRow>(
    `SELECT ${Rows.VOICE_ENTRY_COLUMNS} FROM voice_chunk WHERE session_id = $1 ${ORDER}`,
    [sessionId],
  )
  return rows.map(Rows.toVoiceEntry)
}

/** The session's chunks with their bytes. */
export async function readVoiceChunks(db: Queryable, sessionId: string): Promise<StoredVoiceChunk[]> {
  const { rows } = await db.query<Rows.VoiceChunkRow>(
    `SELECT ${Rows.VOICE_ENTRY_COLUMNS}, bytes FROM voice_chunk WHERE session_id = $1 ${ORDER}`,
    [sessionId],
  )
  return rows.map(Rows.toVoiceChunk)
}

/** One chunk's bytes, or null. */
export async function readVoiceChunk(
  db: Queryable,
  sessionId: string,
  seat: string,
  track: number,
  seq: number,
): Promise<Uint8Array | null> {
  const { rows } = await db.query<{ bytes: Buffer }>(FIND, [sessionId, seat, track, seq])
  return rows[0] ? new Uint8Array(rows[0].bytes) : null
}
