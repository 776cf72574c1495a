import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { PostgresStorage } from './postgres/postgresStorage.ts'
import {
  createScratchSchema,
  type ScratchSchema,
  testDatabaseAvailable,
  testDatabaseUrl,
  urlWithSchema,
} from './postgres/scratchSchema.ts'
import { storageContract } from './storageContract.ts'

// Decided before the tests are collected: with CI=true a missing database fails this file.
const available = await testDatabaseAvailable()

const schemas: ScratchSchema[] = []
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop()
})
async function freshSchema(): Promise<ScratchSchema> {
  const schema = await createScratchSchema()
  schemas.push(schema)
  return schema
}

describe.skipIf(!available)('PostgreSQL storage', () => {
  storageContract('postgresql', async () => {
    const { url } = await freshSchema()
    return { storage: await PostgresStorage.open(url), openAnother: () => PostgresStorage.open(url) }
  })

  describe('PostgresStorage', () => {
    const appliedMigrations = async (schema: ScratchSchema) => {
      const client = new pg.Client({ connectionString: testDatabaseUrl })
      await client.connect()
      try {
        const { rows } = await client.query<{ name: string }>(
          `SELECT name FROM ${schema.name}.kysely_migration ORDER BY name`,
        )
        return rows.map((row) => row.name)
      } finally {
        await client.end()
      }
    }

    it('migrates exactly once when several processes start on an empty schema at the same moment', async () => {
      const schema = await freshSchema()
      const opened = await Promise.all(Array.from({ length: 6 }, () => PostgresStorage.open(schema.url)))
      try {
        expect(await appliedMigrations(schema)).toEqual(['0001_initial'])
        const seqs = await Promise.all(
          opened.map((storage, i) =>
            storage.appendUpdate('r', { update: new Uint8Array([i]), at: i, author: 'e' }),
          ),
        )
        expect(seqs.sort()).toEqual([1, 2, 3, 4, 5, 6])
      } finally {
        await Promise.all(opened.map((storage) => storage.close()))
      }
    })

    it('keeps the log across close and reopen, finding no migration left to run', async () => {
      const schema = await freshSchema()
      const first = await PostgresStorage.open(schema.url)
      await first.appendUpdate('r', { update: new Uint8Array([1]), at: 1, author: 'e' })
      await first.close()
      const second = await PostgresStorage.open(schema.url)
      expect(await second.appendUpdate('r', { update: new Uint8Array([2]), at: 2, author: 'e' })).toBe(2)
      expect((await second.loadRoom('r')).updates.map((u) => u.update[0])).toEqual([1, 2])
      await second.close()
      expect(await appliedMigrations(schema)).toEqual(['0001_initial'])
    })

    it('keeps schemas apart, migrating each though another already has the tables', async () => {
      const [a, b] = [await freshSchema(), await freshSchema()]
      const inA = await PostgresStorage.open(a.url)
      const inB = await PostgresStorage.open(b.url)
      await inA.appendUpdate('r', { update: new Uint8Array([1]), at: 1, author: 'e' })
      expect(await inB.hasRoom('r')).toBe(false)
      expect(await appliedMigrations(b)).toEqual(['0001_initial'])
      await Promise.all([inA.close(), inB.close()])
    })

    it('refuses to open, saying why, when search_path names no existing schema', async () => {
      await expect(
        PostgresStorage.open(urlWithSchema(testDatabaseUrl, 'roofline_absent_schema')),
      ).rejects.toThrow(/no schema on search_path/)
    })

    it('refuses to open when the database is unreachable', async () => {
      await expect(PostgresStorage.open('postgres://postgres@127.0.0.1:1/test')).rejects.toThrow(
        /ECONNREFUSED/,
      )
    })
  })
})
