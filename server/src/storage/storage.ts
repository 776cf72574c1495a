/**
 * The storage contract. Every backend (SQLite by default, PostgreSQL when `DATABASE_URL` is set) implements it
 * and passes the same contract suite (`storageContract.ts`).
 *
 * A room's history is an append-only log of Yjs updates. Snapshots (the whole document
 * re-encoded at some log position) only shorten loading; they never replace the log,
 * because the log with its timestamps is the session recording.
 */
export interface Storage extends SessionStorage, TemplateStorage, VoiceStorage {
  /** Appends one accepted update and resolves once it is durable. Returns its sequence number (1, 2, ...). */
  appendUpdate(roomId: string, entry: NewLogEntry): Promise<number>
  /** The latest snapshot (if any) and every log entry after it, in order. */
  loadRoom(roomId: string): Promise<LoadedRoom>
  /** Stores the document re-encoded as of log entry `seq`. */
  saveSnapshot(roomId: string, snapshot: Snapshot): Promise<void>
  /** Log entries with `seq > afterSeq`, oldest first, at most `limit`. */
  readLog(roomId: string, afterSeq: number, limit: number): Promise<LogEntry[]>
  /** Whether the room has ever stored anything. */
  hasRoom(roomId: string): Promise<boolean>
  /**
   * Keeps a checkpoint: the whole document as of log entry `seq` (exactly the entries up to
   * it, no later one), for seeking in a replay. Unlike the snapshot, every checkpoint is kept.
   */
  saveCheckpoint(roomId: string, checkpoint: Snapshot): Promise<void>
  /** Every checkpoint of the room, oldest first. */
  readCheckpoints(roomId: string): Promise<Snapshot[]>
  /** Position and time of the room's latest checkpoint, without its state, or null. */
  latestCheckpoint(roomId: string): Promise<{ seq: number; at: number } | null>
  /** Position and time of every checkpoint of the room, oldest first, without their states (a replay's outline). */
  listCheckpoints(roomId: string): Promise<LogPosition[]>
  /** The checkpoint stored at exactly `seq`, or null (a replay fetches the one it seeks from). */
  readCheckpoint(roomId: string, seq: number): Promise<Snapshot | null>
  /** Sequence number and time of every log entry, oldest first, without the updates (a replay's outline). */
  readLogTimes(roomId: string): Promise<LogPosition[]>
  /** Answers a trivial query; rejects when the backend cannot (the readiness check asks it). */
  ping(): Promise<void>
  /** Flushes and releases the backend. */
  close(): Promise<void>
}

/** An update as it is appended. */
export interface NewLogEntry {
  /** The Yjs update: as its sender sent it, or as the document encoded a change the server made. */
  update: Uint8Array
  /** Server time in milliseconds since the epoch. */
  at: number
  /** Who sent it: a role name, or 'server'. */
  author: string
}

/** Where an entry or checkpoint sits in a room's log, and when it was stored. */
export interface LogPosition {
  seq: number
  at: number
}

/** A stored update. */
export interface LogEntry extends NewLogEntry {
  seq: number
}

/** A whole-document state at a log position. */
export interface Snapshot {
  /** `Y.encodeStateAsUpdate(doc)` after applying log entries up to and including `seq`. */
  state: Uint8Array
  seq: number
  at: number
}

/** What a room loads from: its latest snapshot and the log entries after it. */
export interface LoadedRoom {
  snapshot: Snapshot | null
  updates: LogEntry[]
}

/**
 * What sessions keep: the session document (its public state, as JSON the session service
 * validates), the hashes of its link tokens, its control events (the recording's second
 * half), and the interviewer's private notes and scores, which live apart from everything
 * a candidate or observer can read.
 */
export interface SessionStorage {
  /** Stores a new session and its token hashes in one transaction. */
  createSession(session: StoredSession, tokens: StoredToken[]): Promise<void>
  /** The session's stored document and its version, or null. */
  loadSession(id: string): Promise<LoadedSession | null>
  /**
   * Replaces the session's document if it is still at `version` (compare and set), moving it
   * to `version + 1`. Answers false, changing nothing, when another writer (another server
   * process) saved it first: the caller reads it again and redoes its change on that.
   *
   * @throws Error when there is no such session.
   */
  saveSession(session: StoredSession, version: number): Promise<boolean>
  /** The token with this hash, or null. */
  findToken(hash: string): Promise<StoredToken | null>
  /** Adds one more token to an existing session (a replay link). */
  addToken(token: StoredToken): Promise<void>
  /** Marks every live token of the given seats in the session revoked (replay links); returns how many. */
  revokeTokens(sessionId: string, seats: readonly string[], at: number): Promise<number>
  /** Marks every live token of `seat` in the session revoked and adds `replacement`. */
  replaceToken(sessionId: string, seat: string, replacement: StoredToken, at: number): Promise<void>
  /** Appends a control event (timer, reveal, join, leave, swap, end); returns its sequence number. */
  appendSessionEvent(sessionId: string, event: NewSessionEvent): Promise<number>
  /** The session's control events, oldest first. */
  readSessionEvents(sessionId: string): Promise<SessionEvent[]>
  /** Adds a private note. */
  addNote(sessionId: string, note: StoredNote): Promise<void>
  /** The private notes of one round, oldest first. */
  listNotes(sessionId: string, round: number): Promise<StoredNote[]>
  /** Sets (or replaces) the score of one rubric criterion in one round. */
  setScore(sessionId: string, round: number, criterionId: string, score: StoredScore): Promise<void>
  /** The scores of one round, by criterion id. */
  listScores(sessionId: string, round: number): Promise<Record<string, StoredScore>>
  /**
   * Removes a session and everything of it in one transaction: its document, tokens, control
   * events, notes, scores, and its room's log, snapshot and checkpoints. False if there was none.
   */
  deleteSession(sessionId: string): Promise<boolean>
  /**
   * Stores a whole session at once (an imported archive), in one transaction: all of it or,
   * when anything fails (say, the id exists), nothing. Log entries are numbered 1, 2, ... in order.
   */
  importSession(bundle: SessionBundle): Promise<void>
}

/** Everything of one session, as an import stores it. */
export interface SessionBundle {
  session: StoredSession
  tokens: StoredToken[]
  events: NewSessionEvent[]
  notes: StoredNote[]
  scores: Array<{ round: number; criterionId: string; score: StoredScore }>
  /** The room's log (the room id is the session id), oldest first. */
  log: NewLogEntry[]
  checkpoints: Snapshot[]
  /** The document as of the last log entry, so the room loads without replaying its log. */
  snapshot: Snapshot | null
  /** Recorded voice chunks (archive version 3 and later), with their bytes. */
  voice?: StoredVoiceChunk[]
}

/** A session's document: id, creation time and the JSON the session service owns. */
export interface StoredSession {
  id: string
  createdAt: number
  data: unknown
}

/** A session as loaded: its document and the version it is at (0 when created, +1 per save). */
export interface LoadedSession extends StoredSession {
  version: number
}

/** A link token, by the SHA-256 hash of its value; the value itself is never stored. */
export interface StoredToken {
  hash: string
  sessionId: string
  seat: string
  revokedAt: number | null
}

/** A control event as appended. */
export interface NewSessionEvent {
  at: number
  type: string
  actor: string
  payload: unknown
}

/** A stored control event. */
export interface SessionEvent extends NewSessionEvent {
  seq: number
}

/** A private note. */
export interface StoredNote {
  id: string
  at: number
  sessionClockMs: number
  round: number
  text: string
}

/** A private score. */
export interface StoredScore {
  score: number | null
  comment: string
  at: number
}

/** Templates people imported, kept beside the built-in ones. */
export interface TemplateStorage {
  /** Stores an imported template; fails if one with this id exists. */
  addCustomTemplate(template: StoredTemplate): Promise<void>
  /** Every imported template, oldest first. */
  listCustomTemplates(): Promise<StoredTemplate[]>
  /** Deletes an imported template; false when there was none with this id. */
  deleteCustomTemplate(id: string): Promise<boolean>
}

/** An imported template: its id, when it came, and the validated template as JSON data. */
export interface StoredTemplate {
  id: string
  createdAt: number
  data: unknown
}

/**
 * Recorded voice (issue 21): each participant's microphone in numbered chunks per track. A
 * chunk is acknowledged only once stored (committed, as durable as the rest of the session);
 * the same chunk sent again is recognised, never stored twice.
 */
export interface VoiceStorage {
  /**
   * Stores one chunk in one transaction, unless the session's chunks would then hold more than
   * `maxSessionBytes` bytes. `duplicate`: this chunk (same position, same bytes) is stored
   * already; `conflict`: another chunk holds its position; `full`: over the session's total.
   */
  addVoiceChunk(chunk: StoredVoiceChunk, maxSessionBytes: number): Promise<VoiceChunkOutcome>
  /** The session's chunks without their bytes, by seat, track and seq. */
  listVoiceChunks(sessionId: string): Promise<VoiceChunkEntry[]>
  /** Every chunk of the session with its bytes (an archive's export), in the same order. */
  readVoiceChunks(sessionId: string): Promise<StoredVoiceChunk[]>
  /** One chunk's bytes, or null. */
  readVoiceChunk(sessionId: string, seat: string, track: number, seq: number): Promise<Uint8Array | null>
}

/** What storing a voice chunk came to. */
export type VoiceChunkOutcome = 'stored' | 'duplicate' | 'conflict' | 'full'

/** A voice chunk's place and metadata, without its bytes. */
export interface VoiceChunkEntry {
  sessionId: string
  seat: string
  /** The recording segment: a reload or re-join starts a new one; its chunks concatenate to one file. */
  track: number
  seq: number
  /** Session-clock ms (server clock) where it starts. */
  at: number
  durationMs: number
  mime: string
  /** Speech activity 0–100, one per 100 ms of the chunk. */
  levels: number[]
  /** Its size in bytes. */
  size: number
}

/** A voice chunk with its bytes. */
export interface StoredVoiceChunk extends Omit<VoiceChunkEntry, 'size'> {
  bytes: Uint8Array
}
