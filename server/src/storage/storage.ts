/**
 * The storage contract. Every backend (SQLite by default, PostgreSQL later) implements it
 * and passes the same contract suite (`storageContract.ts`).
 *
 * A room's history is an append-only log of Yjs updates. Snapshots (the whole document
 * re-encoded at some log position) only shorten loading; they never replace the log,
 * because the log with its timestamps is the session recording.
 */
export interface Storage {
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
  /** Flushes and releases the backend. */
  close(): Promise<void>
}

/** An update as it is appended. */
export interface NewLogEntry {
  /** The Yjs update, as the document emitted it. */
  update: Uint8Array
  /** Server time in milliseconds since the epoch. */
  at: number
  /** Who sent it: a role name, or 'server'. */
  author: string
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
