import { type Kysely, sql } from 'kysely'

/**
 * Times are bigint milliseconds since the epoch and sequence numbers bigint (the pool parses
 * both back to numbers); bytes are bytea; JSON documents are `json`, which keeps the text as
 * written (jsonb would reorder keys). Ids that lists are ordered by use the "C" collation, so
 * they sort byte for byte as in SQLite whatever the database's locale.
 */
const orderedId = sql`text collate "C"`

/**
 * Text people type (notes, score comments) is kept as a JSON string: a PostgreSQL `text` value
 * cannot hold U+0000, which SQLite (and a note) can, and must come back as it was typed.
 */
const typedText = 'json'

/**
 * The first schema: the same tables as SQLite's, plus one head row per room and per session
 * holding the last sequence number given out. An append bumps that row and inserts its entry
 * in one statement, so concurrent appends from several processes queue on the row lock and
 * commit in sequence order: a reader never sees seq n+1 before seq n.
 */
export const initialSchema = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('room_log')
      .addColumn('room_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('update_bytes', 'bytea', (c) => c.notNull())
      .addPrimaryKeyConstraint('room_log_pk', ['room_id', 'seq'])
      .execute()
    await db.schema
      .createTable('room_log_head')
      .addColumn('room_id', 'text', (c) => c.primaryKey())
      .addColumn('last_seq', 'bigint', (c) => c.notNull())
      .execute()
    for (const table of ['room_snapshot', 'room_checkpoint']) {
      await db.schema
        .createTable(table)
        .addColumn('room_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('state', 'bytea', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, table === 'room_snapshot' ? ['room_id'] : ['room_id', 'seq'])
        .execute()
    }
    await db.schema
      .createTable('session')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('data', 'json', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('session_token')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('seat', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute()
    await db.schema
      .createIndex('session_token_by_session')
      .on('session_token')
      .columns(['session_id', 'seat'])
      .execute()
    await db.schema
      .createTable('session_event')
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('payload', 'json', (c) => c.notNull())
      .addPrimaryKeyConstraint('session_event_pk', ['session_id', 'seq'])
      .execute()
    await db.schema
      .createTable('session_event_head')
      .addColumn('session_id', 'text', (c) => c.primaryKey())
      .addColumn('last_seq', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('session_note')
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('id', orderedId, (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('session_clock_ms', 'bigint', (c) => c.notNull())
      .addColumn('round', 'integer', (c) => c.notNull())
      .addColumn('text', typedText, (c) => c.notNull())
      .addPrimaryKeyConstraint('session_note_pk', ['session_id', 'id'])
      .execute()
    await db.schema
      .createTable('session_score')
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('round', 'integer', (c) => c.notNull())
      .addColumn('criterion_id', 'text', (c) => c.notNull())
      .addColumn('score', 'integer')
      .addColumn('comment', typedText, (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('session_score_pk', ['session_id', 'round', 'criterion_id'])
      .execute()
    await db.schema
      .createTable('custom_template')
      .addColumn('id', orderedId, (c) => c.primaryKey())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('data', 'json', (c) => c.notNull())
      .execute()
  },
}
