import { existsSync } from 'node:fs'
import path from 'node:path'
import { createScratchSchema, type ScratchSchema, testDatabaseAvailable } from '@roofline/server'
import pg from 'pg'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { connectControlClient } from '../support/controlClient.ts'
import { useServerProcesses } from '../support/processFixture.ts'
import { type ServerProcess, startServerProcess } from '../support/serverProcess.ts'
import { createSession, tokenOf } from '../support/sessionApi.ts'
import { records, waitFor, type YClient } from '../support/yClient.ts'

// With CI=true a missing PostgreSQL fails this file; elsewhere it is skipped, loudly.
const available = await testDatabaseAvailable()

/**
 * The real server process on PostgreSQL (`DATABASE_URL`, each test in its own schema): what
 * clients drew and the sessions they made outlive the process, whether it stopped cleanly or
 * was killed, and nothing is written to the SQLite file.
 */
describe.skipIf(!available)('a server process on PostgreSQL', () => {
  const fixture = useServerProcesses({ ROOFLINE_SNAPSHOT_EVERY: '50' })
  const schemas: ScratchSchema[] = []
  let schema: ScratchSchema
  beforeEach(async () => {
    schema = await createScratchSchema()
    schemas.push(schema)
  })
  // After all processes are gone (the fixture kills them after each test).
  afterAll(async () => {
    for (const s of schemas.splice(0)) await s.drop()
  })
  const start = () => fixture.start(fixture.dataDir(), { DATABASE_URL: schema.url })

  const countRows = async (table: string, room: string) => {
    const client = new pg.Client({ connectionString: schema.url })
    await client.connect()
    try {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} WHERE room_id = $1`,
        [room],
      )
      return Number(rows[0]?.n)
    } finally {
      await client.end()
    }
  }

  /** Draws shapes `from` to `to` - 1; each is `{i, label}`. */
  const draw = (client: YClient, from: number, to: number) => {
    for (let i = from; i < to; i++) records(client.doc).set(`shape:${i}`, { i, label: `node ${i}` })
  }
  /** A new client of `server` that has synced the board, checked to hold shapes 0 to `count` - 1. */
  const expectBoard = async (server: ServerProcess, count: number) => {
    const reader = fixture.client(server, 'pg-board')
    await reader.synced
    expect(records(reader.doc).size).toBe(count)
    expect(records(reader.doc).get(`shape:${count - 1}`)).toEqual({
      i: count - 1,
      label: `node ${count - 1}`,
    })
    return reader
  }

  it('keeps the board and the session across a graceful stop and a SIGKILL, each on a fresh data dir', async () => {
    const first = await start()
    expect(first.logs().find((line) => line.msg === 'storage open')?.storage).toBe('postgresql')
    const ready = await fetch(`${first.url}/api/ready`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ ready: true, checks: { storage: 'ok' } })

    const writer = fixture.client(first, 'pg-board')
    const watcher = fixture.client(first, 'pg-board')
    await Promise.all([writer.synced, watcher.synced])
    draw(writer, 0, 120)
    await waitFor(() => records(watcher.doc).size === 120, 'watcher received all 120')
    const session = await createSession(first.url)
    writer.destroy()
    watcher.destroy()
    expect(await first.stop('SIGTERM')).toBe(0)
    expect(existsSync(path.join(first.dataDir, 'roofline.sqlite'))).toBe(false)
    expect(await countRows('room_log', 'pg-board')).toBeGreaterThanOrEqual(120)
    expect(await countRows('room_snapshot', 'pg-board')).toBe(1)

    // A new process, on another data directory: everything comes from PostgreSQL.
    const second = await start()
    const reader = await expectBoard(second, 120)
    const control = await connectControlClient(second.url, session.id, tokenOf(session.links.interviewer))
    await control.send('timer:command', { command: 'start' })
    await waitFor(() => control.latest()?.timer.status === 'running', 'timer running after restart')
    control.close()
    const more = fixture.client(second, 'pg-board')
    await more.synced
    draw(more, 120, 150)
    await waitFor(() => records(reader.doc).size === 150, 'reader received 30 more')
    await second.stop('SIGKILL')

    const third = await start()
    await expectBoard(third, 150)
    const resumed = await connectControlClient(third.url, session.id, tokenOf(session.links.interviewer))
    await waitFor(() => resumed.states.length > 0, 'session state after SIGKILL')
    expect(resumed.latest()?.timer.status).toBe('running')
    resumed.close()
  })

  it('refuses to start, saying why, when DATABASE_URL is not a PostgreSQL URL or the database is down', async () => {
    const dataDir = fixture.dataDir()
    await expect(startServerProcess(dataDir, { DATABASE_URL: 'mysql://db/roofline' })).rejects.toThrow(
      /DATABASE_URL: use a postgres:/,
    )
    await expect(
      startServerProcess(dataDir, { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' }),
    ).rejects.toThrow(/exited with 1 before listening[\s\S]*ECONNREFUSED/)
  })
})
