/**
 * Append throughput and latency of the two storage backends, side by side:
 * `node tests/bench/storageAppend.ts [appends]` (default 3000 per case). PostgreSQL is the
 * test database (`ROOFLINE_TEST_DATABASE_URL`), in a throwaway schema.
 *
 * Cases: one append at a time (latency), 16 in flight on one handle, and, for PostgreSQL, two
 * handles (two server processes' worth) with 16 in flight each on the same room, which is where
 * its per-room head row serialises commits (SQLite allows one handle per file).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createScratchSchema, PostgresStorage, SqliteStorage, type Storage } from '@roofline/server'
import { percentile } from './stats.ts'

const count = Number(process.argv[2] ?? 3000)
const update = new Uint8Array(200).map((_, i) => i % 251)

interface Backend {
  name: string
  /** Whether several handles (server processes) may share the store. */
  shared: boolean
  open(): Promise<Storage>
  cleanup(): Promise<void>
}

async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-bench-sqlite-'))
  return {
    name: 'sqlite',
    shared: false,
    open: async () => SqliteStorage.inDirectory(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

async function postgresBackend(): Promise<Backend> {
  const schema = await createScratchSchema()
  return {
    name: 'postgresql',
    shared: true,
    open: () => PostgresStorage.open(schema.url),
    cleanup: () => schema.drop(),
  }
}

/** Appends `n` updates to `room` from each handle with `inFlight` at a time; returns per-append ms. */
async function appendMany(handles: Storage[], room: string, n: number, inFlight: number): Promise<number[]> {
  const latencies: number[] = []
  await Promise.all(
    handles.map(async (handle) => {
      let next = 0
      const worker = async () => {
        while (next < n) {
          next++
          const started = performance.now()
          await handle.appendUpdate(room, { update, at: Date.now(), author: 'bench' })
          latencies.push(performance.now() - started)
        }
      }
      await Promise.all(Array.from({ length: inFlight }, worker))
    }),
  )
  return latencies
}

const rows: Array<Record<string, string | number>> = []
for (const make of [sqliteBackend, postgresBackend]) {
  const backend = await make()
  const first = await backend.open()
  // SQLite allows one handle per file (one server per data directory).
  const second = backend.shared ? await backend.open() : null
  const cases: Array<[string, Storage[], number]> = [
    ['1 handle, 1 in flight', [first], 1],
    ['1 handle, 16 in flight', [first], 16],
  ]
  if (second) cases.push(['2 handles, 16 in flight each', [first, second], 16])
  for (const [label, handles, inFlight] of cases) {
    const room = `bench-${rows.length}`
    const started = performance.now()
    const latencies = await appendMany(handles, room, count, inFlight)
    const seconds = (performance.now() - started) / 1000
    const stored = await first.readLog(room, 0, Number.MAX_SAFE_INTEGER)
    if (stored.length !== latencies.length || stored.some((entry, i) => entry.seq !== i + 1)) {
      throw new Error(`${backend.name} ${label}: log is not 1..${latencies.length}`)
    }
    rows.push({
      backend: backend.name,
      case: label,
      appends: latencies.length,
      'appends/s': Math.round(latencies.length / seconds),
      'p50 ms': Number(percentile(latencies, 50).toFixed(2)),
      'p99 ms': Number(percentile(latencies, 99).toFixed(2)),
    })
  }
  await Promise.all([first.close(), second?.close()])
  await backend.cleanup()
}
console.table(rows)
