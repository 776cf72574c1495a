import type { Kysely } from 'kysely'

/**
 * Recorded voice (issue 21): one row per uploaded chunk, keyed by its place (session, seat,
 * track, seq), so a chunk sent twice is found, never stored twice. Levels are a comma list
 * of integers, as in SQLite; `size` is kept so the session's total is summed without the bytes.
 */
export const voiceChunk = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('voice_chunk')
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('seat', 'text', (c) => c.notNull())
      .addColumn('track', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('levels', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('bytes', 'bytea', (c) => c.notNull())
      .addPrimaryKeyConstraint('voice_chunk_pk', ['session_id', 'seat', 'track', 'seq'])
      .execute()
  },
}
