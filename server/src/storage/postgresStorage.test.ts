import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { migrations } from './postgres/migrations.ts'
import { PostgresStorage } from './postgres/postgresStorage.ts'
import {
  createScratchSchema,
  type ScratchSchema,
  testDatabaseAvailable,
  testDatabaseUrl,
  urlWithSchema,
} from './postgres/scratchSchema.ts'
import { APPEND_UPDATES } from './postgres/sql.ts'
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

/** A connection of its own to `url`. */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  return client
}

/** Runs `work` on a connection of its own to the test database. */
async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(testDatabaseUrl)
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

describe.skipIf(!available)('PostgreSQL storage', () => {
  storageContract(
    'postgresql',
    async () => {
      const { url } = await freshSchema()
      return { storage: await PostgresStorage.open(url), openAnother: () => PostgresStorage.open(url) }
    },
    { shared: true },
  )

  describe('PostgresStorage', () => {
    const appliedMigrations = (schema: ScratchSchema) =>
      withClient(async (client) => {
        const { rows } = await client.query<{ name: string }>(
          `SELECT name FROM ${schema.name}.kysely_migration ORDER BY name`,
        )
        return rows.map((row) => row.name)
      })

    it('migrates exactly once when several processes start on an empty schema at the same moment', async () => {
      const schema = await freshSchema()
      const opened = await Promise.all(Array.from({ length: 6 }, () => PostgresStorage.open(schema.url)))
      try {
        expect(await appliedMigrations(schema)).toEqual(Object.keys(migrations))
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
      expect(await appliedMigrations(schema)).toEqual(Object.keys(migrations))
    })

    it('keeps schemas apart, migrating each though another already has the tables', async () => {
      const [a, b] = [await freshSchema(), await freshSchema()]
      const inA = await PostgresStorage.open(a.url)
      const inB = await PostgresStorage.open(b.url)
      await inA.appendUpdate('r', { update: new Uint8Array([1]), at: 1, author: 'e' })
      expect(await inB.hasRoom('r')).toBe(false)
      expect(await appliedMigrations(b)).toEqual(Object.keys(migrations))
      await Promise.all([inA.close(), inB.close()])
    })

    /** How many transactions wrote the schema's log rows (rows of one commit share its xmin). */
    const commitsOfLog = (schema: ScratchSchema) =>
      withClient(async (client) => {
        const { rows } = await client.query<{ commits: number }>(
          `SELECT count(DISTINCT xmin::text)::int AS commits FROM ${schema.name}.room_log`,
        )
        return rows[0]?.commits
      })
    const entry = (value: number, author = 'e') => ({ update: new Uint8Array([value]), at: value, author })

    it('commits appends that arrive during a commit together, across rooms, at most 500 per commit', async () => {
      const schema = await freshSchema()
      const storage = await PostgresStorage.open(schema.url)
      try {
        // The first commits alone at once; the other 1,200 wait for it and go in 500 + 500 + 200.
        const seqs = await Promise.all(
          Array.from({ length: 1201 }, (_, i) => storage.appendUpdate(`r${i % 7}`, entry(i % 256))),
        )
        expect(await commitsOfLog(schema)).toBe(4)
        for (let room = 0; room < 7; room++) {
          const own = seqs.filter((_, i) => i % 7 === room)
          expect(own).toEqual(own.map((_, i) => i + 1))
        }
      } finally {
        await storage.close()
      }
    })

    it('refuses every append of a batch that fails, storing none of it, and goes on numbering after', async () => {
      const schema = await freshSchema()
      const storage = await PostgresStorage.open(schema.url)
      try {
        const first = storage.appendUpdate('a', entry(1))
        // These three arrive while the first commits, so they share the next commit; PostgreSQL
        // refuses the NUL in one author, which fails that whole commit.
        const batch = [
          storage.appendUpdate('a', entry(2)),
          storage.appendUpdate('b', entry(3, 'nul\u0000')),
          storage.appendUpdate('c', entry(4)),
        ]
        expect(await first).toBe(1)
        for (const append of batch) await expect(append).rejects.toThrow(/0x00/)
        expect((await storage.readLog('a', 0, 10)).map((e) => e.update[0])).toEqual([1])
        expect(await storage.hasRoom('b')).toBe(false)
        expect(await storage.hasRoom('c')).toBe(false)
        expect(await storage.appendUpdate('a', entry(5))).toBe(2)
        expect(await storage.appendUpdate('c', entry(6))).toBe(1)
      } finally {
        await storage.close()
      }
    })

    it('locks rooms in one order, so two batches sharing rooms in opposite orders both commit', async () => {
      const schema = await freshSchema()
      const storage = await PostgresStorage.open(schema.url)
      const rooms = Array.from({ length: 9 }, (_, i) => `room-${i}`)
      await Promise.all(rooms.map((room) => storage.appendUpdate(room, entry(0))))
      const batchOf = (order: string[]) => [
        order,
        order.map(() => 1),
        order.map(() => 'e'),
        order.map(() => entry(1).update),
      ]
      const [holder, a, b] = [await connect(schema.url), await connect(schema.url), await connect(schema.url)]
      try {
        // Holding a room in the middle lets both batches lock all they can before it; had they
        // locked in arrival order, each would then hold rooms the other waits for.
        await holder.query('BEGIN')
        await holder.query(`SELECT 1 FROM room_log_head WHERE room_id = 'room-4' FOR UPDATE`)
        const pids = await Promise.all(
          [a, b].map(async (client) => (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid),
        )
        const done = [
          a.query(APPEND_UPDATES, batchOf(rooms)),
          b.query(APPEND_UPDATES, batchOf([...rooms].reverse())),
        ]
        const waiting = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1) AND wait_event_type = 'Lock'`
        while ((await holder.query(waiting, [pids])).rows[0].n < 2)
          await new Promise((resolve) => setTimeout(resolve, 20))
        await holder.query('COMMIT')
        await Promise.all(done)
      } finally {
        await Promise.all([holder, a, b].map((client) => client.end()))
      }
      for (const room of rooms)
        expect((await storage.readLog(room, 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3])
      await storage.close()
    })

    it('stores the appends waiting when it closes, and refuses appends after', async () => {
      const schema = await freshSchema()
      const storage = await PostgresStorage.open(schema.url)
      const appends = Array.from({ length: 30 }, (_, i) => storage.appendUpdate(`r${i % 3}`, entry(i)))
      await storage.close()
      expect((await Promise.all(appends)).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 30 }, (_, i) => Math.floor(i / 3) + 1),
      )
      await expect(storage.appendUpdate('r0', entry(99))).rejects.toThrow()
      const reopened = await PostgresStorage.open(schema.url)
      expect((await reopened.readLog('r0', 0, 100)).length).toBe(10)
      await reopened.close()
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
