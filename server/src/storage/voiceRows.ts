import type { StoredVoiceChunk, VoiceChunkEntry, VoiceChunkOutcome } from './storage.ts'

/**
 * Voice chunks as both SQL backends keep them (`voice_chunk`): levels as a comma list of
 * integers (a few hundred bytes; never queried inside), bytes as a blob. The rule for a chunk
 * that arrives again is here once, for both backends.
 */

/** The column list both backends select (everything but the bytes). */
export const VOICE_ENTRY_COLUMNS = 'session_id, seat, track, seq, at, duration_ms, mime, levels, size'

/** A `voice_chunk` row without its bytes. */
export interface VoiceEntryRow {
  session_id: string
  seat: string
  track: number
  seq: number
  at: number
  duration_ms: number
  mime: string
  levels: string
  size: number
}

/** A `voice_chunk` row with its bytes. */
export interface VoiceChunkRow extends VoiceEntryRow {
  bytes: Buffer
}

/** A row as a VoiceChunkEntry. */
export const toVoiceEntry = (row: VoiceEntryRow): VoiceChunkEntry => ({
  sessionId: row.session_id,
  seat: row.seat,
  track: Number(row.track),
  seq: Number(row.seq),
  at: Number(row.at),
  durationMs: Number(row.duration_ms),
  mime: row.mime,
  levels: row.levels === '' ? [] : row.levels.split(',').map(Number),
  size: Number(row.size),
})

/** A row with bytes as a StoredVoiceChunk (bytes copied out of the driver's Buffer). */
export function toVoiceChunk(row: VoiceChunkRow): StoredVoiceChunk {
  const { size: _size, ...entry } = toVoiceEntry(row)
  return { ...entry, bytes: new Uint8Array(row.bytes) }
}

/** The values of an insert, in `VOICE_ENTRY_COLUMNS` order followed by the bytes. */
export function voiceInsertValues(chunk: StoredVoiceChunk): unknown[] {
  const { sessionId, seat, track, seq, at, durationMs, mime, levels, bytes } = chunk
  return [sessionId, seat, track, seq, at, durationMs, mime, levels.join(','), bytes.byteLength, bytes]
}

/**
 * What to do with a chunk, given the bytes already stored at its place (or null) and the
 * session's stored total: the same bytes again are a duplicate (an upload retried after its
 * answer was lost), other bytes a conflict; a new chunk past the total is refused.
 */
export function voiceChunkDecision(
  existing: Uint8Array | null,
  chunk: StoredVoiceChunk,
  totalBytes: number,
  maxSessionBytes: number,
): VoiceChunkOutcome | 'insert' {
  if (existing) return Buffer.from(existing).equals(Buffer.from(chunk.bytes)) ? 'duplicate' : 'conflict'
  return totalBytes + chunk.bytes.byteLength > maxSessionBytes ? 'full' : 'insert'
}
