/**
 * The PostgreSQL storage's statements, by what they do. Parameters in a SELECT list carry a
 * cast, since PostgreSQL cannot infer their type from a target column there.
 */

/**
 * Appends a batch of entries of any rooms in one statement, so in one transaction and one
 * commit. Parameters are parallel arrays in call order (room ids, times, authors, updates);
 * the result is each entry's seq, in the same order.
 *
 * Each room's head row is bumped once, by its number of entries, and its entries take the
 * numbers below the new head in call order. The head rows are locked in room id order (the
 * insert takes its rows in the order its SELECT sorts them), so two processes' batches
 * sharing rooms queue on each other instead of deadlocking; a room's head stays locked until
 * the commit, so its entries commit in seq order and a reader never sees a gap.
 */
export const APPEND_UPDATES = `
WITH entry AS (
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bytea[])
    WITH ORDINALITY AS t(room_id, at, author, update_bytes, n)
),
head AS (
  INSERT INTO room_log_head AS h (room_id, last_seq)
  SELECT room_id, count(*) FROM entry GROUP BY room_id ORDER BY room_id
  ON CONFLICT (room_id) DO UPDATE SET last_seq = h.last_seq + excluded.last_seq
  RETURNING room_id, last_seq
),
numbered AS (
  SELECT entry.*, head.last_seq - count(*) OVER room + row_number() OVER (room ORDER BY n) AS seq
  FROM entry JOIN head USING (room_id)
  WINDOW room AS (PARTITION BY room_id)
),
stored AS (
  INSERT INTO room_log (room_id, seq, at, author, update_bytes)
  SELECT room_id, seq, at, author, update_bytes FROM numbered
)
SELECT seq FROM numbered ORDER BY n`
export const READ_LOG =
  'SELECT seq, at, author, update_bytes FROM room_log WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3'
export const HAS_ROOM = 'SELECT 1 FROM room_log WHERE room_id = $1 LIMIT 1'
/** Imported log entries, numbered by the caller, many rows in one statement. */
export const INSERT_LOG_ROWS = `
INSERT INTO room_log (room_id, seq, at, author, update_bytes)
SELECT $1, seq, at, author, update_bytes
FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::bytea[]) AS t(seq, at, author, update_bytes)`
export const SET_ROOM_HEAD = `INSERT INTO room_log_head (room_id, last_seq) VALUES ($1, $2)
  ON CONFLICT (room_id) DO UPDATE SET last_seq = excluded.last_seq`

export const LOAD_SNAPSHOT = 'SELECT seq, at, state FROM room_snapshot WHERE room_id = $1'
export const SAVE_SNAPSHOT = `INSERT INTO room_snapshot (room_id, seq, at, state) VALUES ($1, $2, $3, $4)
  ON CONFLICT (room_id) DO UPDATE SET seq = excluded.seq, at = excluded.at, state = excluded.state
  WHERE excluded.seq >= room_snapshot.seq`
export const SAVE_CHECKPOINT = `INSERT INTO room_checkpoint (room_id, seq, at, state) VALUES ($1, $2, $3, $4)
  ON CONFLICT (room_id, seq) DO NOTHING`
export const READ_CHECKPOINTS = 'SELECT seq, at, state FROM room_checkpoint WHERE room_id = $1 ORDER BY seq'
export const LIST_CHECKPOINTS = 'SELECT seq, at FROM room_checkpoint WHERE room_id = $1 ORDER BY seq'
export const READ_CHECKPOINT = 'SELECT seq, at, state FROM room_checkpoint WHERE room_id = $1 AND seq = $2'
export const READ_LOG_TIMES = 'SELECT seq, at FROM room_log WHERE room_id = $1 ORDER BY seq'
export const LATEST_CHECKPOINT =
  'SELECT seq, at FROM room_checkpoint WHERE room_id = $1 ORDER BY seq DESC LIMIT 1'

export const INSERT_SESSION = 'INSERT INTO session (id, created_at, data) VALUES ($1, $2, $3)'
export const LOAD_SESSION = 'SELECT id, created_at, data, version FROM session WHERE id = $1'
/** Compare and set: stores only over the version the caller read. */
export const SAVE_SESSION =
  'UPDATE session SET data = $2, version = version + 1 WHERE id = $1 AND version = $3'
/** Everything of a session, table by table; the room's rows share the session's id. */
export const DELETE_SESSION_PARTS = [
  'DELETE FROM session_token WHERE session_id = $1',
  'DELETE FROM session_event WHERE session_id = $1',
  'DELETE FROM session_event_head WHERE session_id = $1',
  'DELETE FROM session_note WHERE session_id = $1',
  'DELETE FROM session_score WHERE session_id = $1',
  'DELETE FROM room_log WHERE room_id = $1',
  'DELETE FROM room_log_head WHERE room_id = $1',
  'DELETE FROM room_snapshot WHERE room_id = $1',
  'DELETE FROM room_checkpoint WHERE room_id = $1',
  'DELETE FROM voice_chunk WHERE session_id = $1',
]
export const DELETE_SESSION = 'DELETE FROM session WHERE id = $1'

export const INSERT_TOKEN =
  'INSERT INTO session_token (hash, session_id, seat, revoked_at) VALUES ($1, $2, $3, $4)'
export const FIND_TOKEN = 'SELECT hash, session_id, seat, revoked_at FROM session_token WHERE hash = $1'
export const REVOKE_SEATS =
  'UPDATE session_token SET revoked_at = $1 WHERE session_id = $2 AND seat = ANY($3::text[]) AND revoked_at IS NULL'
export const REVOKE_SEAT =
  'UPDATE session_token SET revoked_at = $1 WHERE session_id = $2 AND seat = $3 AND revoked_at IS NULL'

/**
 * Bumps the session's head row and inserts the event under the new number, in one statement.
 * Concurrent appends to one session wait on the head row's lock, so they commit in seq order.
 */
export const APPEND_EVENT = `
WITH head AS (
  INSERT INTO session_event_head (session_id, last_seq) VALUES ($1, 1)
  ON CONFLICT (session_id) DO UPDATE SET last_seq = session_event_head.last_seq + 1
  RETURNING last_seq
)
INSERT INTO session_event (session_id, seq, at, type, actor, payload)
SELECT $1, last_seq, $2::bigint, $3::text, $4::text, $5::json FROM head
RETURNING seq`
export const INSERT_EVENT =
  'INSERT INTO session_event (session_id, seq, at, type, actor, payload) VALUES ($1, $2, $3, $4, $5, $6)'
export const SET_EVENT_HEAD = `INSERT INTO session_event_head (session_id, last_seq) VALUES ($1, $2)
  ON CONFLICT (session_id) DO UPDATE SET last_seq = excluded.last_seq`
export const READ_EVENTS =
  'SELECT seq, at, type, actor, payload FROM session_event WHERE session_id = $1 ORDER BY seq'

export const ADD_NOTE =
  'INSERT INTO session_note (session_id, id, at, session_clock_ms, round, text) VALUES ($1, $2, $3, $4, $5, $6)'
export const LIST_NOTES =
  'SELECT id, at, session_clock_ms, round, text FROM session_note WHERE session_id = $1 AND round = $2 ORDER BY at, id'
export const SET_SCORE = `INSERT INTO session_score (session_id, round, criterion_id, score, comment, at)
  VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (session_id, round, criterion_id)
  DO UPDATE SET score = excluded.score, comment = excluded.comment, at = excluded.at`
export const LIST_SCORES =
  'SELECT criterion_id, score, comment, at FROM session_score WHERE session_id = $1 AND round = $2'

export const ADD_TEMPLATE = 'INSERT INTO custom_template (id, created_at, data) VALUES ($1, $2, $3)'
export const LIST_TEMPLATES = 'SELECT id, created_at, data FROM custom_template ORDER BY created_at, id'
export const DELETE_TEMPLATE = 'DELETE FROM custom_template WHERE id = $1'
