import Database from 'better-sqlite3'

/**
 * A lock that one handle at a time holds on a data file, across processes and within one: an
 * exclusive SQLite lock on a small file beside it, which the OS drops when the process ends,
 * however it ends. `SqliteStorage` keeps state in memory that another handle on the same file
 * would not see (the seq of each room's last entry, entries still in its journal), so a second
 * server on one data directory is refused at start instead of numbering appends twice.
 */
export class DataFileLock {
  readonly #db: Database.Database

  private constructor(db: Database.Database) {
    this.#db = db
  }

  /**
   * Takes the lock kept in `lockFile`.
   *
   * @throws Error naming `what` when another handle or process holds it.
   */
  static acquire(lockFile: string, what: string): DataFileLock {
    const db = new Database(lockFile, { timeout: 0 })
    try {
      // Nothing is ever written, so no journal file; in exclusive locking mode a
      // connection keeps the lock of its first write transaction until it is closed.
      db.pragma('journal_mode = MEMORY')
      db.pragma('locking_mode = EXCLUSIVE')
      db.exec('BEGIN EXCLUSIVE; COMMIT')
    } catch (error) {
      db.close()
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error
      throw new Error(
        `${what} is in use by another Roofline server (or another handle in this process); one server per SQLite data directory, or set DATABASE_URL to share PostgreSQL between several`,
      )
    }
    return new DataFileLock(db)
  }

  /** Lets the next handle take the lock. */
  release(): void {
    if (this.#db.open) this.#db.close()
  }
}
