import { type Kysely, sql } from 'kysely'
import { type Migration, Migrator } from 'kysely/migration'
import { initialSchema } from './migrations/0001_initial.ts'
import { sessionVersion } from './migrations/0002_session_version.ts'
import { voiceChunk } from './migrations/0003_voice_chunk.ts'

/**
 * Every schema step, by name, in the order they run. Names sort in that order; a step is
 * never edited or removed once released: a change to the schema is a new step at the end.
 */
export const migrations: Record<string, Migration> = {
  '0001_initial': initialSchema,
  '0002_session_version': sessionVersion,
  '0003_voice_chunk': voiceChunk,
}

/**
 * Brings the database's current schema (the first existing one on `search_path`) up to the
 * latest step, and throws with the failing step's name if one fails (that step is rolled back).
 *
 * Several processes may start at once: Kysely's PostgreSQL migrator runs the steps in one
 * transaction under a session-level advisory lock (`pg_advisory_lock`), so one process
 * migrates and the others wait, then find nothing left to do.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const schema = await currentSchema(db)
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Named explicitly: without it Kysely looks for its bookkeeping tables in every schema of
    // the database, and would take another schema's for this one's.
    migrationTableSchema: schema,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`PostgreSQL migration${failed ? ` ${failed}` : ''} failed: ${reason}`)
  }
}

async function currentSchema(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
  const schema = rows[0]?.schema
  if (!schema) throw new Error('PostgreSQL: no schema on search_path exists; create one or fix search_path')
  return schema
}
