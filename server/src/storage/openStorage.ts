import type { Config } from '../config.ts'
import { SqliteStorage } from './sqliteStorage.ts'
import type { Storage } from './storage.ts'

/** Which backend `openStorage` picked, for the log (never the URL: it may hold a password). */
export type StorageKind = 'postgresql' | 'sqlite'

/**
 * Opens the configured storage: PostgreSQL (migrated to the latest schema) when
 * `DATABASE_URL` is set, otherwise the SQLite file in `ROOFLINE_DATA_DIR`.
 *
 * @example const { storage, kind } = await openStorage(loadConfig())
 */
export async function openStorage(
  config: Pick<Config, 'DATABASE_URL' | 'ROOFLINE_DATA_DIR'>,
  onIdleError?: (error: Error) => void,
): Promise<{ storage: Storage; kind: StorageKind }> {
  if (config.DATABASE_URL) {
    // Loaded only for PostgreSQL: Kysely and pg are ~270 modules the SQLite default never runs.
    const { PostgresStorage } = await import('./postgres/postgresStorage.ts')
    return { storage: await PostgresStorage.open(config.DATABASE_URL, { onIdleError }), kind: 'postgresql' }
  }
  return { storage: SqliteStorage.inDirectory(config.ROOFLINE_DATA_DIR), kind: 'sqlite' }
}
