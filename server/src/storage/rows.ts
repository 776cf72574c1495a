import type { LogEntry, Snapshot, StoredNote, StoredScore, StoredToken } from './storage.ts'

/**
 * Rows as both SQL backends return them (same column names; bytes as Buffer, times as
 * numbers), and how each becomes the record the Storage interface promises. JSON columns
 * differ (SQLite gives text, PostgreSQL parsed values), so each backend maps those itself.
 */

/** A `room_log` row. */
export interface LogRow {
  seq: number
  at: number
  author: string
  update_bytes: Buffer
}

/** A `room_snapshot` or `room_checkpoint` row. */
export interface SnapshotRow {
  seq: number
  at: number
  state: Buffer
}

/** A `session_token` row. */
export interface TokenRow {
  hash: string
  session_id: string
  seat: string
  revoked_at: number | null
}

/** A `session_note` row. */
export interface NoteRow {
  id: string
  at: number
  session_clock_ms: number
  round: number
  text: string
}

/** A `session_score` row. */
export interface ScoreRow {
  criterion_id: string
  score: number | null
  comment: string
  at: number
}

/** Bytes are copied out of the driver's Buffer, so callers own a plain Uint8Array. */
export const toLogEntry = (row: LogRow): LogEntry => ({
  seq: row.seq,
  at: row.at,
  author: row.author,
  update: new Uint8Array(row.update_bytes),
})

/** A snapshot or checkpoint row as a Snapshot. */
export const toSnapshot = (row: SnapshotRow): Snapshot => ({
  seq: row.seq,
  at: row.at,
  state: new Uint8Array(row.state),
})

/** A token row as a StoredToken. */
export const toToken = (row: TokenRow): StoredToken => ({
  hash: row.hash,
  sessionId: row.session_id,
  seat: row.seat,
  revokedAt: row.revoked_at,
})

/** A note row as a StoredNote. */
export const toNote = (row: NoteRow): StoredNote => ({
  id: row.id,
  at: row.at,
  sessionClockMs: row.session_clock_ms,
  round: row.round,
  text: row.text,
})

/** One round's score rows as scores by criterion id. */
export function toScores(rows: Iterable<ScoreRow>): Record<string, StoredScore> {
  const scores: Record<string, StoredScore> = {}
  for (const row of rows) scores[row.criterion_id] = { score: row.score, comment: row.comment, at: row.at }
  return scores
}
