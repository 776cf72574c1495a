import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { requiredService } from '../../requiredService.ts'

/**
 * Test support: the PostgreSQL database tests use, and throwaway schemas in it, so parallel
 * test runs (and other people's) never see each other's tables.
 */
export const testDatabaseUrl =
  process.env.ROOFLINE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A freshly created, empty schema and a connection URL whose `search_path` is it. */
export interface ScratchSchema {
  name: string
  url: string
  /** Drops the schema and everything in it. */
  drop(): Promise<void>
}

/** `baseUrl` with `search_path` set to `schema` through libpq's `options` parameter. */
export function urlWithSchema(baseUrl: string, schema: string): string {
  const url = new URL(baseUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}

async function withClient<T>(baseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

const SCRATCH_PREFIX = 'roofline_test_'
/** A scratch schema older than this was left by a run that was killed, and is dropped. */
const STALE_AFTER_SECONDS = 6 * 3600

/** Drops scratch schemas whose name says they were made more than `STALE_AFTER_SECONDS` ago. */
async function dropStaleSchemas(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)`,
    [SCRATCH_PREFIX],
  )
  const now = Math.floor(Date.now() / 1000)
  for (const { name } of rows) {
    const madeAt = Number.parseInt(name.slice(SCRATCH_PREFIX.length).split('_')[0] ?? '', 36)
    if (now - madeAt > STALE_AFTER_SECONDS) await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)
  }
}

/**
 * Creates a schema with a fresh name (its creation time, then random) in the test database,
 * first dropping any left behind by runs killed hours ago.
 *
 * @example const schema = await createScratchSchema(); ...; await schema.drop()
 */
export async function createScratchSchema(baseUrl: string = testDatabaseUrl): Promise<ScratchSchema> {
  const madeAt = Math.floor(Date.now() / 1000).toString(36)
  const name = `${SCRATCH_PREFIX}${madeAt}_${randomBytes(5).toString('hex')}`
  await withClient(baseUrl, async (client) => {
    await dropStaleSchemas(client)
    await client.query(`CREATE SCHEMA ${name}`)
  })
  return {
    name,
    url: urlWithSchema(baseUrl, name),
    drop: () =>
      withClient(baseUrl, (client) => client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)).then(() => {}),
  }
}

/**
 * Whether the test database answers. When it does not: with `CI=true` this throws (a CI run
 * must not pass without PostgreSQL); otherwise it prints a loud warning and answers false, so
 * the caller skips its PostgreSQL tests.
 */
export async function testDatabaseAvailable(baseUrl: string = testDatabaseUrl): Promise<boolean> {
  return requiredService('PostgreSQL', baseUrl, 'ROOFLINE_TEST_DATABASE_URL', () =>
    withClient(baseUrl, (client) => client.query('SELECT 1')),
  )
}
