/**
 * `pnpm bench`: Roofline against the stock y-websocket server and Hocuspocus, same load, same
 * machine, one run. Writes results/latest.json (a machine header row, then one row per
 * scenario, step and server) and results/fan-out-p99.svg, and prints a table with the ratios
 * Roofline/peer. The generator runs on core 0 and each server on core 1 (taskset), latency is
 * stamped and read on the generator's clock, each drawing step reports the median of several
 * measurement windows (for fan-out, over repeated runs with the servers taking turns), and
 * windows where the generator's own event loop lagged are discarded.
 *
 * Options: --quick (short windows, fewer rooms; a smoke run, written to results/quick.json),
 * --no-scale-out (skip the two-process Redis variant), --only=<scenario>[,<scenario>...] (run just
 * these: fan-out, big-room, fan-out-scale-out, join, memory, replay, transfer, sim; prints the table
 * and writes no results file, so a partial run never replaces the full one), --merge (with
 * --only: the rows of the scenarios run replace that scenario's rows in results/latest.json,
 * every other row stays, and the header records the partial run).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { latencyChartSvg } from './chart.ts'
import { type LoadShape, type LoadWindow, runDrawingLoad } from './load.ts'
import { replayStep } from './replayScenario.ts'
import { scaleOutUnavailable, startScaleOut } from './scaleOut.ts'
import {
  type BenchRow,
  type DrawingStepRows,
  drawingStep,
  GENERATOR_LAG_LIMIT_MS,
  joinStep,
  memoryStep,
  summariseDrawing,
} from './scenarios.ts'
import {
  BENCH_NICENESS,
  pinnedCommand,
  RAISED_PRIORITY,
  SERVER_CORE,
  type ServerKind,
  type ServerUnderTest,
  startServerUnderTest,
  TASKSET,
} from './serverUnderTest.ts'
import { simulationStep } from './simulation.ts'
import { transferStep } from './transfer.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const quick = process.argv.includes('--quick')
const scaleOut = !process.argv.includes('--no-scale-out')
const SERVERS: ServerKind[] = ['roofline', 'y-websocket', 'hocuspocus']
const merge = process.argv.includes('--merge')
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
/** Whether this run includes `scenario` (every scenario, unless --only names some). */
const runs = (scenario: string) => only === undefined || only.includes(scenario)

// The generator keeps core 0 to itself where it can, at raised priority: re-run so once.
if (!process.env.ROOFLINE_BENCH_PINNED && cpus().length >= 2 && (TASKSET || RAISED_PRIORITY)) {
  try {
    const [command = process.execPath, ...args] = pinnedCommand('0', [
      process.execPath,
      ...process.execArgv,
      ...process.argv.slice(1),
    ])
    execFileSync(command, args, { stdio: 'inherit', env: { ...process.env, ROOFLINE_BENCH_PINNED: '1' } })
    process.exit(0)
  } catch (error) {
    if ((error as { status?: number }).status !== undefined)
      process.exit((error as { status: number }).status)
  }
}

// Every y-websocket provider adds an exit listener; hundreds of clients are expected here.
process.setMaxListeners(0)

const started = Date.now()
const loadBefore = loadavg()
const rows: BenchRow[] = []
const timing = quick
  ? { warmupMs: 500, windowMs: 1000, windows: 2 }
  : { warmupMs: 1000, windowMs: 1000, windows: 3 }
/** Windows in each fan-out run: with its repeated runs, more windows in all than one run has. */
const fanOutWindowsPerRun = 2
const log = (message: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`)

/** Runs `work` on a fresh server of `kind`, always stopping it. */
async function withServer<T>(
  kind: ServerKind,
  work: (server: ServerUnderTest) => Promise<T>,
  inspect = false,
): Promise<T> {
  const server = await startServerUnderTest(kind, { inspect })
  try {
    return await work(server)
  } finally {
    await server.stop()
  }
}

function keep({ row, durability }: DrawingStepRows): void {
  rows.push(row)
  if (durability) rows.push(durability)
}

const fanOutSteps = quick ? [50, 100] : [50, 100, 200]
/**
 * Each fan-out step runs this many times per server, a fresh server and fresh clients each
 * time, the servers taking turns in a new order each round, so a change in the machine's own
 * load falls on all of them alike; the figures are the median over the runs' windows.
 */
const fanOutRounds = quick ? 1 : 2
const fanOut = (rooms: number, windows = timing.windows): LoadShape => ({
  rooms,
  clientsPerRoom: 3,
  drawersPerRoom: 2,
  hz: 10,
  ...timing,
  windows,
})
/** A fan-out run's warm-up: every drawer has started (within one period, 100 ms) long before. */
const fanOutWarmupMs = quick ? timing.warmupMs : 750
for (const rooms of runs('fan-out') ? fanOutSteps : []) {
  const shape = { ...fanOut(rooms, fanOutWindowsPerRun), warmupMs: fanOutWarmupMs }
  const measured = new Map<ServerKind, LoadWindow[]>(SERVERS.map((kind) => [kind, []]))
  for (let round = 0; round < fanOutRounds; round++) {
    const order = [...SERVERS.slice(round % SERVERS.length), ...SERVERS.slice(0, round % SERVERS.length)]
    for (const kind of order) {
      log(`fan-out ${rooms} rooms: ${kind} (run ${round + 1} of ${fanOutRounds})`)
      const windows = await withServer(kind, (server) => runDrawingLoad([server], shape, 'fan-out'))
      measured.get(kind)?.push(...windows)
    }
  }
  for (const kind of SERVERS) {
    keep(
      summariseDrawing(
        { kind, processes: 1, scenario: 'fan-out', shape, runs: fanOutRounds },
        measured.get(kind) ?? [],
      ),
    )
  }
}
for (const kind of runs('big-room') ? SERVERS : []) {
  log(`one big room: ${kind}`)
  const shape = { rooms: 1, clientsPerRoom: 50, drawersPerRoom: 5, hz: 20, ...timing }
  keep(await withServer(kind, (server) => drawingStep([server], 'big-room', shape)))
}

// Scale-out: the same fan-out load on one Roofline process and on two sharing the rooms over
// Redis (a room's clients split between them), both on PostgreSQL.
const scaleOutRooms = 100
const unavailable = scaleOut ? await scaleOutUnavailable() : 'skipped (--no-scale-out)'
if (!runs('fan-out-scale-out')) {
  // left out by --only
} else if (unavailable) {
  log(`scale-out: ${unavailable}`)
  rows.push({
    scenario: 'fan-out-scale-out',
    server: 'roofline',
    rooms: scaleOutRooms,
    clients: scaleOutRooms * 3,
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
    updatesPerSecond: null,
    rssBytes: 0,
    note: `not run: ${unavailable}`,
  })
} else {
  for (const processes of [1, 2]) {
    log(
      `fan-out ${scaleOutRooms} rooms, ${processes} Roofline process(es) on PostgreSQL${processes > 1 ? ' + Redis' : ''}`,
    )
    const cluster = await startScaleOut(processes)
    try {
      const { row } = await drawingStep(cluster.servers, 'fan-out-scale-out', fanOut(scaleOutRooms))
      rows.push({ ...row, processes, storage: 'postgresql', fanout: processes > 1 ? 'redis' : 'none' })
    } finally {
      await cluster.stop()
    }
  }
}

for (const kind of runs('join') ? SERVERS : []) {
  log(`join a 5,000-shape board: ${kind}`)
  rows.push(await withServer(kind, (server) => joinStep(server, 5000, quick ? 5 : 10)))
}
const memoryRooms = quick ? 200 : 1000
for (const kind of runs('memory') ? SERVERS : []) {
  log(`memory, ${memoryRooms} rooms: ${kind}`)
  rows.push(await withServer(kind, (server) => memoryStep(server, memoryRooms, 100), true))
}
if (runs('replay')) {
  log('replay of a 45-minute session: roofline')
  rows.push(
    await withServer('roofline', (server) =>
      replayStep(server, {
        shapes: 5000,
        updates: quick ? 5000 : 20_000,
        durationMs: 45 * 60_000,
        runs: 3,
        seeks: quick ? 20 : 40,
      }),
    ),
  )
}

if (runs('transfer')) {
  log('transfer: candidate, replay and start page opened cold on 10 Mbit/s')
  rows.push(...(await withServer('roofline', (server) => transferStep(server, quick ? 1 : 3))))
}

if (runs('sim')) {
  log('sim: five minutes at 10,000 requests/s (≈ 3M requests, 215 decode replicas) in a worker thread')
  rows.push(...(await simulationStep(quick ? 1 : 3)))
}

// Capacity, from the fan-out steps: the most rooms each server held with p99 under 50 ms.
for (const kind of runs('fan-out') ? SERVERS : []) {
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
    note: `largest tested fan-out step (of ${fanOutSteps.join(', ')} rooms) with p99 < 50 ms`,
  })
}

const drawingRows = rows.filter((r) => typeof r.discardedWindows === 'number')
const header = {
  scenario: 'machine',
  cores: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryBytes: totalmem(),
  node: process.version,
  date: new Date().toISOString(),
  loadAverageBefore: loadBefore.map((l) => Math.round(l * 100) / 100),
  loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
  pinned: TASKSET && cpus().length >= 2 ? `generator core 0, servers core ${SERVER_CORE}` : 'not pinned',
  niceness: RAISED_PRIORITY ? Number(BENCH_NICENESS) : 0,
  windowsPerStep: timing.windows,
  fanOutRunsPerStep: fanOutRounds,
  fanOutWindowsPerRun,
  windowMs: timing.windowMs,
  generatorLagLimitMs: GENERATOR_LAG_LIMIT_MS,
  discardedWindows: drawingRows.reduce((sum, r) => sum + (r.discardedWindows as number), 0),
  totalWindows: drawingRows.reduce((sum, r) => sum + (r.windows as number), 0),
  durationSeconds: Math.round((Date.now() - started) / 1000),
}
const resultsDir = path.join(here, 'results')
if (only === undefined) {
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(
    path.join(resultsDir, quick ? 'quick.json' : 'latest.json'),
    `${JSON.stringify([header, ...rows], null, 2)}\n`,
  )
  writeFileSync(
    path.join(resultsDir, quick ? 'quick-fan-out-p99.svg' : 'fan-out-p99.svg'),
    latencyChartSvg(rows, `Fan-out p99 latency, ${header.cores} cores, Node ${process.version}`),
  )
} else if (merge) {
  const file = path.join(resultsDir, 'latest.json')
  const [earlierHeader, ...earlierRows] = JSON.parse(readFileSync(file, 'utf8')) as [
    Record<string, unknown>,
    ...BenchRow[],
  ]
  const partial = { scenarios: only, date: header.date, loadAverageBefore: header.loadAverageBefore }
  const mergedHeader = {
    ...earlierHeader,
    partialRuns: [...((earlierHeader.partialRuns as unknown[]) ?? []), partial],
  }
  const kept = earlierRows.filter((row) => !only.includes(row.scenario))
  writeFileSync(file, `${JSON.stringify([mergedHeader, ...kept, ...rows], null, 2)}\n`)
}

// The table: each figure, and Roofline's ratio to each peer (p99, or the scenario's own figure: lower is better).
const figure = (row: BenchRow): number | null =>
  row.scenario === 'memory'
    ? (row.rssPerRoomBytes as number)
    : row.scenario === 'join'
      ? row.p95Ms
      : row.p99Ms
const table = rows
  .filter((row) => row.scenario !== 'capacity')
  .map((row) => {
    const peer = (name: string) =>
      rows.find((r) => r.scenario === row.scenario && r.rooms === row.rooms && r.server === name)
    const ratio = (name: string) => {
      const mine = figure(row)
      const theirs = peer(name) ? figure(peer(name) as BenchRow) : null
      return row.server === 'roofline' && mine && theirs ? (mine / theirs).toFixed(2) : ''
    }
    return {
      scenario: row.scenario,
      server: row.processes ? `${row.server} ×${row.processes}` : row.server,
      rooms: row.rooms,
      clients: row.clients,
      p50: row.p50Ms,
      p95: row.p95Ms,
      p99: row.p99Ms,
      'upd/s': row.updatesPerSecond,
      'rss MB': Math.round(row.rssBytes / 1e5) / 10,
      other: otherFigures(row),
      '÷ y-ws': ratio('y-websocket'),
      '÷ hocus': ratio('hocuspocus'),
    }
  })
console.table(table)
console.log(
  `capacity (rooms with p99 < 50 ms): ${rows
    .filter((r) => r.scenario === 'capacity')
    .map((r) => `${r.server} ${r.rooms}`)
    .join(', ')}`,
)
console.log(
  `windows discarded for generator lag > ${GENERATOR_LAG_LIMIT_MS} ms: ${header.discardedWindows} of ${header.totalWindows}`,
)
console.log(
  `done in ${header.durationSeconds} s; ${only && !merge ? 'no results file (--only)' : `results in ${path.relative(process.cwd(), resultsDir)}`}`,
)

/** The figures a row has beyond latency, in a few characters. */
function otherFigures(row: BenchRow): string {
  switch (row.scenario) {
    case 'memory':
      return `${Math.round((row.rssPerRoomBytes as number) / 1024)} KiB/room, heap ${Math.round((row.heapPerRoomBytes as number) / 1024)} KiB/room, ${row.heapReturnedPercent ?? '?'}% returned`
    case 'join':
      return `${Math.round((row.bytesSentPerJoin as number) / 1024)} KiB sent/join`
    case 'replay':
      return `open ${row.openMs} ms, seek p95 ${row.seekP95Ms} ms (runs: ${(row.seekP95MsPerRun as number[]).join(', ')})`
    case 'transfer':
      return `${row.page}: ${Math.round((row.transferBytes as number) / 1024)} KiB, ${Math.round((row.bytesToInteractive as number) / 1024)} KiB to interactive (${Math.round((row.fontBytes as number) / 1024)} KiB fonts), interactive ${row.interactiveMs} ms (runs: ${(row.interactiveMsPerRun as number[]).join(', ')})`
    case 'sim':
      return `${(row.requests as number).toLocaleString('en-US')} requests simulated in ${row.wallMs} ms wall, ${row.cpuMs} ms CPU (target ${row.targetMs} ms; runs: ${(row.wallMsPerRun as number[]).join(', ')} ms wall, ${(row.cpuMsPerRun as number[]).join(', ')} ms CPU), main-thread lag p99 ${row.mainThreadLagP99Ms} ms`
    case 'durability-lag':
      return `max ${row.maxMs} ms`
    default:
      return row.discardedWindows === undefined
        ? String(row.note ?? '')
        : `cpu ${row.serverCpuMsPerSecond} ms/s${row.serverCpuMsPerSecondPerProcess ? ` (${(row.serverCpuMsPerSecondPerProcess as number[]).join(' + ')})` : ''}, gen lag ${row.generatorLagP99Ms} ms, ${row.discardedWindows}/${row.windows} dropped`
  }
}
