/**
 * `pnpm bench`: Roofline against the stock y-websocket server (memory-only, and storing with
 * y-leveldb) and Hocuspocus, same load, same machine, over several full runs (default 3,
 * `--runs=N`). Each run takes every scenario once on fresh server processes, the servers taking
 * turns in a new order each run; the published figure of a step is the median over the runs,
 * with min and max beside it and every run's own figures kept (results/latest.json). The
 * targets of issue 22 are judged on those medians (see targets.ts) and printed with pass/fail;
 * one SVG chart a scenario goes to results/. The generator runs on core 0 and each server on
 * core 1 (taskset), latency is stamped and read on the generator's clock, and windows where the
 * generator's own event loop lagged are discarded.
 *
 * Options: --runs=N (full runs, at least 3 for published figures), --quick (short windows,
 * fewer rooms, one run unless --runs; written to results/quick.json), --no-scale-out (skip the
 * two-process Redis variant), --only=<scenario>[,<scenario>...] (just these: fan-out, big-room,
 * fan-out-scale-out, join, memory, replay, transfer, sim; prints the tables and writes no results
 * file, so a partial run never replaces the full one), --merge (with --only: the steps run
 * replace those scenarios' rows in results/latest.json, every other row stays, and the header
 * records the partial run).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type MedianRow, medianOverRuns } from './aggregate.ts'
import { benchRun, fanOutSteps, SERVERS, windowTiming } from './benchRun.ts'
import { barChartSvg, benchCharts } from './chart.ts'
import { printResults } from './report.ts'
import type { BenchRow } from './scenarios.ts'
import { GENERATOR_LAG_LIMIT_MS } from './scenarios.ts'
import { BENCH_NICENESS, pinnedCommand, RAISED_PRIORITY, SERVER_CORE, TASKSET } from './serverUnderTest.ts'
import { judgeTargets } from './targets.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const quick = process.argv.includes('--quick')
const merge = process.argv.includes('--merge')
const option = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
const only = option('only')?.split(',')
const runCount = Number(option('runs') ?? (quick ? 1 : 3))
if (!Number.isInteger(runCount) || runCount < 1)
  throw new Error(`--runs must be a whole number ≥ 1, got ${option('runs')}`)
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
const log = (message: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`)
const loadAverage = () => loadavg().map((l) => Math.round(l * 100) / 100)
const loadBefore = loadAverage()
const perRun: BenchRow[][] = []
const runLog: { run: number; loadAverageBefore: number[]; durationSeconds: number }[] = []
for (let index = 0; index < runCount; index++) {
  const runStarted = Date.now()
  const loadAtStart = loadAverage()
  log(`run ${index + 1} of ${runCount} (load average ${loadAtStart.join(', ')})`)
  const scaleOut = !process.argv.includes('--no-scale-out')
  perRun.push(await benchRun({ quick, scaleOut, runs, index, log: (m) => log(`run ${index + 1}: ${m}`) }))
  runLog.push({
    run: index + 1,
    loadAverageBefore: loadAtStart,
    durationSeconds: Math.round((Date.now() - runStarted) / 1000),
  })
}
const rows: MedianRow[] = medianOverRuns(perRun)

// Capacity, from the fan-out medians: the most rooms each server held with p99 under 50 ms.
const steps = fanOutSteps(quick)
const capacity = runs('fan-out')
  ? SERVERS.map((kind) => {
      const held = rows.filter(
        (r) => r.scenario === 'fan-out' && r.server === kind && r.p99Ms !== null && r.p99Ms < 50,
      )
      return { server: kind, rooms: Math.max(0, ...held.map((r) => r.rooms)) }
    })
  : []
const targets = judgeTargets(rows)
const drawingRuns = perRun.flat().filter((r) => typeof r.discardedWindows === 'number')
const timing = windowTiming(quick)
const header = {
  scenario: 'machine',
  cores: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryBytes: totalmem(),
  node: process.version,
  date: new Date().toISOString(),
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadAverage(),
  pinned: TASKSET && cpus().length >= 2 ? `generator core 0, servers core ${SERVER_CORE}` : 'not pinned',
  niceness: RAISED_PRIORITY ? Number(BENCH_NICENESS) : 0,
  runs: runCount,
  runLog,
  windowsPerStepPerRun: timing.windows,
  windowMs: timing.windowMs,
  warmupMs: timing.warmupMs,
  generatorLagLimitMs: GENERATOR_LAG_LIMIT_MS,
  discardedWindows: drawingRuns.reduce((sum, r) => sum + (r.discardedWindows as number), 0),
  totalWindows: drawingRuns.reduce((sum, r) => sum + (r.windows as number), 0),
  capacity: {
    note: `largest fan-out step (of ${steps.join(', ')} rooms) with median p99 < 50 ms`,
    servers: capacity,
  },
  targets,
  targetsPassed: `${targets.filter((t) => t.pass).length} of ${targets.length}`,
  durationSeconds: Math.round((Date.now() - started) / 1000),
}
const resultsDir = path.join(here, 'results')
const machine = `${header.cores} cores, Node ${process.version}, ${runCount} runs`
/** One SVG chart a scenario of `chartRows` into results/. */
function writeCharts(chartRows: MedianRow[]): void {
  for (const chart of benchCharts(chartRows, machine)) {
    if (chart.rows.length === 0) continue
    writeFileSync(path.join(resultsDir, `${quick ? 'quick-' : ''}${chart.file}`), barChartSvg(chart))
  }
}
if (only === undefined) {
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(
    path.join(resultsDir, quick ? 'quick.json' : 'latest.json'),
    `${JSON.stringify([header, ...rows], null, 2)}\n`,
  )
  writeCharts(rows)
} else if (merge) {
  const file = path.join(resultsDir, 'latest.json')
  const [earlierHeader, ...earlierRows] = JSON.parse(readFileSync(file, 'utf8')) as [
    Record<string, unknown>,
    ...MedianRow[],
  ]
  const partial = {
    scenarios: only,
    runs: runCount,
    date: header.date,
    loadAverageBefore: header.loadAverageBefore,
  }
  const kept = earlierRows.filter((row) => !only.includes(row.scenario))
  const mergedRows = [...kept, ...rows]
  const mergedTargets = judgeTargets(mergedRows)
  const mergedHeader = {
    ...earlierHeader,
    targets: mergedTargets,
    targetsPassed: `${mergedTargets.filter((t) => t.pass).length} of ${mergedTargets.length}`,
    partialRuns: [...((earlierHeader.partialRuns as unknown[]) ?? []), partial],
  }
  writeFileSync(file, `${JSON.stringify([mergedHeader, ...mergedRows], null, 2)}\n`)
  // The charts follow the merged file, so they never show rows the results no longer hold.
  writeCharts(mergedRows)
}

printResults(rows, targets)
console.log(
  `capacity (rooms with median p99 < 50 ms): ${capacity.map((c) => `${c.server} ${c.rooms}`).join(', ')}`,
)
console.log(
  `windows discarded for generator lag > ${GENERATOR_LAG_LIMIT_MS} ms: ${header.discardedWindows} of ${header.totalWindows}`,
)
console.log(
  `done in ${header.durationSeconds} s (${runLog.map((r) => `${r.durationSeconds} s`).join(', ')}); load average ${header.loadAverageBefore.join(', ')} → ${header.loadAverageAfter.join(', ')}; ${only && !merge ? 'no results file (--only)' : `results in ${path.relative(process.cwd(), resultsDir)}`}`,
)
