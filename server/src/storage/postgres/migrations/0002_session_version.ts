import type { Kysely } from 'kysely'

/**
 * A version on each session, bumped by every save: processes saving the same session compare
 * and set (`UPDATE ... WHERE version = $n`), so neither overwrites what the other stored.
 */
export const sessionVersion = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('session')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
  },
}
