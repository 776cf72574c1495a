/**
 * `pnpm bench`: Roofline against the stock y-websocket server and Hocuspocus, same load, same
 * machine, one run. Writes results/latest.json (a machine header row, then one row per
 * scenario, step and server) and results/fan-out-p99.svg, and prints a table with the ratios
 * Roofline/peer. The generator runs on core 0 and each server on core 1 (taskset), latency is
 * stamped and read on the generator's clock, and runs where the generator lagged are discarded.
 *
 * Options: --quick (one repeat, short windows; for a smoke run).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { latencyChartSvg } from './chart.ts'
import { type BenchRow, drawingStep, joinStep, memoryStep } from './scenarios.ts'
import { type ServerKind, startServerUnderTest } from './serverUnderTest.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const quick = process.argv.includes('--quick')
const SERVERS: ServerKind[] = ['roofline', 'y-websocket', 'hocuspocus']

// The generator keeps core 0 to itself where it can: re-run under taskset once.
if (!process.env.ROOFLINE_BENCH_PINNED && cpus().length >= 2) {
  try {
    execFileSync('taskset', ['-c', '0', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, ROOFLINE_BENCH_PINNED: '1' },
    })
    process.exit(0)
  } catch (error) {
    if ((error as { status?: number }).status !== undefined)
      process.exit((error as { status: number }).status)
  }
}

const started = Date.now()
const rows: BenchRow[] = []
const repeats = quick ? 1 : 3
const window = quick ? { warmupMs: 500, measureMs: 1500 } : { warmupMs: 1000, measureMs: 2000 }
const log = (message: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`)

for (const rooms of [50, 100, 200]) {
  for (const kind of SERVERS) {
    log(`fan-out ${rooms} rooms: ${kind}`)
    const shape = { rooms, clientsPerRoom: 3, drawersPerRoom: 2, hz: 10, ...window }
    rows.push(await drawingStep(() => startServerUnderTest(kind), 'fan-out', shape, repeats))
  }
}
for (const kind of SERVERS) {
  log(`one big room: ${kind}`)
  const shape = { rooms: 1, clientsPerRoom: 50, drawersPerRoom: 5, hz: 20, ...window }
  rows.push(await drawingStep(() => startServerUnderTest(kind), 'big-room', shape, repeats))
}
for (const kind of SERVERS) {
  log(`join a 5,000-shape board: ${kind}`)
  const server = await startServerUnderTest(kind)
  try {
    rows.push(await joinStep(server, 5000, quick ? 5 : 20))
  } finally {
    await server.stop()
  }
}
const memoryRooms = quick ? 100 : 300
for (const kind of SERVERS) {
  log(`memory, ${memoryRooms} rooms: ${kind}`)
  const server = await startServerUnderTest(kind)
  try {
    rows.push(await memoryStep(server, memoryRooms, 100))
  } finally {
    await server.stop()
  }
}
// Capacity, from the fan-out steps: the most rooms each server held with p99 under 50 ms.
for (const kind of SERVERS) {
  const held = rows.filter(
    (r) => r.scenario === 'fan-out' && r.server === kind && r.p99Ms !== null && r.p99Ms < 50,
  )
  rows.push({
    scenario: 'capacity',
    server: kind,
    rooms: Math.max(0, ...held.map((r) => r.rooms)),
    clients: Math.max(0, ...held.map((r) => r.clients)),
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
    updatesPerSecond: null,
    rssBytes: 0,
    note: 'largest tested fan-out step with p99 < 50 ms',
  })
}

const header = {
  scenario: 'machine',
  cores: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryBytes: totalmem(),
  node: process.version,
  date: new Date().toISOString(),
  repeats,
  windowMs: window.measureMs,
  durationSeconds: Math.round((Date.now() - started) / 1000),
}
const resultsDir = path.join(here, 'results')
mkdirSync(resultsDir, { recursive: true })
writeFileSync(
  path.join(resultsDir, quick ? 'quick.json' : 'latest.json'),
  `${JSON.stringify([header, ...rows], null, 2)}\n`,
)
writeFileSync(
  path.join(resultsDir, quick ? 'quick-fan-out-p99.svg' : 'fan-out-p99.svg'),
  latencyChartSvg(rows, `Fan-out p99 latency, ${header.cores} cores, Node ${process.version}`),
)

// The table: each figure, and Roofline's ratio to each peer (p99: lower is better).
const table = rows
  .filter((row) => row.scenario !== 'capacity')
  .map((row) => {
    const peers = rows.filter(
      (other) => other.scenario === row.scenario && other.rooms === row.rooms && other.server !== 'roofline',
    )
    const roofline = rows.find(
      (r) => r.scenario === row.scenario && r.rooms === row.rooms && r.server === 'roofline',
    )
    const ratio = (peer?: BenchRow) =>
      row.server === 'roofline' && peer && roofline?.p99Ms && peer.p99Ms
        ? (roofline.p99Ms / peer.p99Ms).toFixed(2)
        : ''
    return {
      scenario: row.scenario,
      server: row.server,
      rooms: row.rooms,
      clients: row.clients,
      p50: row.p50Ms,
      p95: row.p95Ms,
      p99: row.p99Ms,
      'upd/s': row.updatesPerSecond,
      'rss MB': Math.round(row.rssBytes / 1e5) / 10,
      'p99 ÷ y-ws': ratio(peers.find((p) => p.server === 'y-websocket')),
      'p99 ÷ hocus': ratio(peers.find((p) => p.server === 'hocuspocus')),
    }
  })
console.table(table)
console.log(
  `capacity (rooms with p99 < 50 ms): ${rows
    .filter((r) => r.scenario === 'capacity')
    .map((r) => `${r.server} ${r.rooms}`)
    .join(', ')}`,
)
console.log(`done in ${header.durationSeconds} s; results in ${path.relative(process.cwd(), resultsDir)}`)
