import { setTimeout as sleep } from 'node:timers/promises'
import { connectBenchClient, type RoomAddress, shapeRecord } from './benchClients.ts'
import {
  connectRooms,
  type FanoutTraffic,
  type LoadShape,
  type LoadWindow,
  roomAddresses,
  runDrawingLoad,
} from './load.ts'
import { procWrittenBytes, type ServerUnderTest } from './serverUnderTest.ts'
import { median, percentile, round } from './stats.ts'

/** One row of `results/latest.json`. */
export interface BenchRow {
  scenario: string
  server: string
  rooms: number
  clients: number
  p50Ms: number | null
  p95Ms: number | null
  p99Ms: number | null
  updatesPerSecond: number | null
  rssBytes: number
  [extra: string]: unknown
}

/**
 * A window in which the generator's own event loop was late by more than this (p99, beyond
 * its timer period) measured the generator, not the server: it is discarded. 50 ms is the
 * capacity criterion itself; on a machine busy with other work an idle Node process already
 * reads 10–20 ms, so a lower bar would throw away every window there.
 */
export const GENERATOR_LAG_LIMIT_MS = 50

/** The rows a drawing step produces: its own, and Roofline's durability lag under the same load. */
export interface DrawingStepRows {
  row: BenchRow
  durability: BenchRow | null
}

/**
 * A drawing-load step on one fresh server (or several processes sharing the rooms): after a
 * warm-up, `shape.windows` windows are measured and the median of each figure over the kept
 * windows is reported. A window whose generator lagged is discarded and counted.
 */
export async function drawingStep(
  servers: ServerUnderTest[],
  scenario: string,
  shape: LoadShape,
): Promise<DrawingStepRows> {
  const [first] = servers
  if (!first) throw new Error('no server')
  const windows = await runDrawingLoad(servers, shape, scenario)
  return summariseDrawing({ kind: first.kind, processes: servers.length, scenario, shape, runs: 1 }, windows)
}

/** What a set of drawing windows was measured on. */
export interface DrawingRun {
  kind: string
  /** Server processes sharing the rooms. */
  processes: number
  scenario: string
  shape: LoadShape
  /** Separate runs (fresh server, fresh clients) the windows come from. */
  runs: number
}

/**
 * The rows of a drawing step from its measured windows, of one run or pooled over several:
 * the median of each figure over the windows the generator did not disturb.
 */
export function summariseDrawing(run: DrawingRun, windows: LoadWindow[]): DrawingStepRows {
  const { kind, processes, scenario, shape } = run
  const kept = windows.filter((w) => w.generatorLagP99Ms <= GENERATOR_LAG_LIMIT_MS)
  const pick = (f: (w: LoadWindow) => number) => round(median(kept.map(f)))
  const every = (f: (w: LoadWindow) => number) => round(median(windows.map(f)))
  const seconds = shape.windowMs / 1000
  const row: BenchRow = {
    scenario,
    server: kind,
    rooms: shape.rooms,
    clients: shape.rooms * shape.clientsPerRoom,
    p50Ms: pick((w) => percentile(w.latenciesMs, 50)),
    p95Ms: pick((w) => percentile(w.latenciesMs, 95)),
    p99Ms: pick((w) => percentile(w.latenciesMs, 99)),
    updatesPerSecond: pick((w) => w.updatesPerSecond),
    // The server's own figures (memory, CPU per delivery) do not depend on the generator's
    // timing: taken over every window, the lagging ones too. Latencies only over the kept ones.
    rssBytes: Math.round(median(windows.map((w) => w.rssBytes.reduce((a, b) => a + b, 0)))) || 0,
    serverCpuMsPerSecond: every((w) => w.serverCpuMs.reduce((a, b) => a + b, 0) / seconds),
    // What capacity follows: server CPU (every process, from /proc, the same way for every
    // server) per 1,000 updates the clients received in the window.
    serverCpuMsPer1000Deliveries: every(
      (w) => (w.serverCpuMs.reduce((a, b) => a + b, 0) / Math.max(1, w.latenciesMs.length)) * 1000,
    ),
    deliveriesPerSecond: every((w) => w.latenciesMs.length / seconds),
    generatorLagP99Ms: round(median(windows.map((w) => w.generatorLagP99Ms))),
    generatorLagP99MsPerWindow: windows.map((w) => round(w.generatorLagP99Ms)),
    generatorCpuPercent: round(median(windows.map((w) => w.generatorCpuPercent)), 0),
    // Over every window, the lagging ones included: not a valid figure, a hint of scale only.
    unfilteredP50Ms: round(median(windows.map((w) => percentile(w.latenciesMs, 50)))),
    unfilteredP99Ms: round(median(windows.map((w) => percentile(w.latenciesMs, 99)))),
    samples: kept.reduce((sum, w) => sum + w.latenciesMs.length, 0),
    runs: run.runs,
    windows: windows.length,
    discardedWindows: windows.length - kept.length,
  }
  if (processes > 1) {
    row.processes = processes
    row.serverCpuMsPerSecondPerProcess = Array.from({ length: processes }, (_, i) =>
      round(median(kept.map((w) => (w.serverCpuMs[i] ?? 0) / seconds))),
    )
    // Each process's CPU per 1,000 updates it delivered to its own clients (every window, as
    // the summed figure): the second process adds capacity when this falls below one process's.
    row.serverCpuMsPer1000DeliveriesPerProcess = Array.from({ length: processes }, (_, i) =>
      every((w) => ((w.serverCpuMs[i] ?? 0) / Math.max(1, w.deliveriesPerProcess[i] ?? 0)) * 1000),
    )
    // Sent to one process, delivered by another (over Redis): the latency scale-out adds.
    row.crossProcessP50Ms = pick((w) => percentile(w.crossProcessLatenciesMs, 50))
    row.crossProcessP99Ms = pick((w) => percentile(w.crossProcessLatenciesMs, 99))
    row.crossProcessSamples = kept.reduce((sum, w) => sum + w.crossProcessLatenciesMs.length, 0)
    // How many messages a frame carries and frames a Redis command (batching per turn).
    const traffic = windows.flatMap((w) => w.fanout)
    const sum = (f: (t: FanoutTraffic) => number) => traffic.reduce((total, t) => total + f(t), 0)
    if (traffic.length > 0) {
      row.fanoutMessagesPerFrame = round(
        sum((t) => t.published) /
          Math.max(
            1,
            sum((t) => t.publishes),
          ),
      )
      row.fanoutFramesPerCommand = round(
        sum((t) => t.publishes) /
          Math.max(
            1,
            sum((t) => t.commands),
          ),
      )
      row.fanoutCommandsPerSecond = round(sum((t) => t.commands) / (seconds * windows.length))
    }
  }
  // Measured by the server on its own clock: valid in every window, the lagging ones too
  // (the load it saw is the committed rate it reports).
  const lags = windows.flatMap((w) => w.durability)
  const durability: BenchRow | null =
    lags.length === 0
      ? null
      : {
          scenario: 'durability-lag',
          server: kind,
          rooms: shape.rooms,
          clients: row.clients,
          p50Ms: round(median(lags.map((d) => d.p50Ms ?? Number.NaN))),
          p95Ms: round(median(lags.map((d) => d.p95Ms ?? Number.NaN))),
          p99Ms: round(median(lags.map((d) => d.p99Ms ?? Number.NaN))),
          updatesPerSecond: round(median(lags.map((d) => d.count / seconds))),
          rssBytes: row.rssBytes,
          maxMs: round(Math.max(...lags.map((d) => d.maxMs ?? 0))),
          during: `${scenario} at ${shape.rooms} rooms`,
          note: 'update accepted by the server → committed to storage, from the server-side probe (ROOFLINE_DURABILITY_PROBE=1); median over windows',
        }
  return { row, durability }
}

/** A room holding a board of `shapes` shapes, stored by the server, and its seeding client. */
export interface SeededBoard {
  address: RoomAddress
  shapes: number
  /** Disconnects the seeding client. */
  close(): void
}

/** Seeds a fresh room with `shapes` shapes and waits until the server serves all of them. */
export async function seedBoard(server: ServerUnderTest, shapes: number): Promise<SeededBoard> {
  const [address] = await roomAddresses(server, 1, 'join')
  if (!address) throw new Error('no room')
  const seed = connectBenchClient(address)
  await seed.synced
  seed.doc.transact(() => {
    for (let i = 0; i < shapes; i++) seed.records.set(`shape:${i}`, shapeRecord(`shape:${i}`, i, 0, 0))
  })
  // Let the server receive and store the whole board before anyone joins.
  const check = connectBenchClient(address)
  await check.synced
  while (check.records.size < shapes) await sleep(20)
  check.destroy()
  await sleep(200)
  return { address, shapes, close: () => seed.destroy() }
}

/** `joins` fresh clients join `board` one after another: connect-to-synced time and bytes written each. */
export async function measureJoins(
  server: ServerUnderTest,
  board: SeededBoard,
  joins: number,
): Promise<{ times: number[]; bytes: number[] }> {
  const times: number[] = []
  const bytes: number[] = []
  for (let i = 0; i < joins; i++) {
    const written = procWrittenBytes(server.pid)
    const started = performance.now()
    const client = connectBenchClient(board.address)
    await client.synced
    while (client.records.size < board.shapes) await sleep(1)
    times.push(performance.now() - started)
    bytes.push(procWrittenBytes(server.pid) - written)
    client.destroy()
  }
  return { times, bytes }
}

/**
 * Join: a board of `shapes` shapes, then `joins` fresh clients connect one after another;
 * reports connect-to-synced time and the bytes the server wrote per join (from
 * /proc/<pid>/io, so every byte on the wire counts: handshake, sync, awareness).
 */
export async function joinStep(server: ServerUnderTest, shapes: number, joins: number): Promise<BenchRow> {
  const board = await seedBoard(server, shapes)
  const { times, bytes } = await measureJoins(server, board, joins)
  board.close()
  return {
    scenario: 'join',
    server: server.kind,
    rooms: 1,
    clients: joins,
    shapes,
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    p99Ms: round(percentile(times, 99)),
    updatesPerSecond: null,
    rssBytes: server.rssBytes(),
    bytesSentPerJoin: Math.round(median(bytes)),
  }
}

interface MemoryReading {
  rssBytes: number
  heapUsedBytes: number
}

/** Forces a full GC in the server (over its inspector) and reads its RSS and JS heap. */
async function memoryAfterGc(server: ServerUnderTest): Promise<MemoryReading> {
  const inspector = await server.inspector()
  await inspector.collectGarbage()
  await sleep(200)
  const result = (await inspector.send('Runtime.evaluate', {
    expression: 'process.memoryUsage().heapUsed',
    returnByValue: true,
  })) as { result: { value: number } }
  return { rssBytes: server.rssBytes(), heapUsedBytes: result.result.value }
}

async function loadedRoomCount(server: ServerUnderTest): Promise<number | null> {
  if (server.kind !== 'roofline') return null
  const health = (await (await fetch(`http://127.0.0.1:${server.port}/api/health`)).json()) as {
    rooms: number
  }
  return health.rooms
}

/**
 * Memory: `rooms` rooms of 2 clients with `shapes` shapes each; the server's RSS and JS heap
 * per room after a forced full GC while they are open, then again once every client left
 * and idle rooms had time to unload (Roofline: 2 s, `ROOFLINE_ROOM_IDLE_MS` in the bench).
 * The server must run with `inspect`.
 */
export async function memoryStep(server: ServerUnderTest, rooms: number, shapes: number): Promise<BenchRow> {
  const baseline = await memoryAfterGc(server)
  const addresses = await roomAddresses(server, rooms, 'memory')
  const clients = await connectRooms(addresses, 2)
  for (const [first] of clients) {
    first?.doc.transact(() => {
      for (let i = 0; i < shapes; i++) first.records.set(`shape:${i}`, shapeRecord(`shape:${i}`, i, 0, 0))
    })
  }
  for (const pair of clients) {
    const second = pair[1]
    while (second && second.records.size < shapes) await sleep(10)
  }
  await sleep(500)
  const loaded = await memoryAfterGc(server)
  const roomsLoaded = await loadedRoomCount(server)
  for (const client of clients.flat()) client.destroy()
  await sleep(3500)
  const afterLeave = await memoryAfterGc(server)
  const perRoom = (bytes: number) => Math.round(bytes / rooms)
  const heapGrowth = loaded.heapUsedBytes - baseline.heapUsedBytes
  return {
    scenario: 'memory',
    server: server.kind,
    rooms,
    clients: rooms * 2,
    shapesPerRoom: shapes,
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
    updatesPerSecond: null,
    rssBytes: loaded.rssBytes,
    rssBaselineBytes: baseline.rssBytes,
    rssPerRoomBytes: perRoom(loaded.rssBytes - baseline.rssBytes),
    heapPerRoomBytes: perRoom(heapGrowth),
    rssAfterLeaveBytes: afterLeave.rssBytes,
    heapAfterLeavePerRoomBytes: perRoom(afterLeave.heapUsedBytes - baseline.heapUsedBytes),
    heapReturnedPercent:
      heapGrowth > 0
        ? round(((loaded.heapUsedBytes - afterLeave.heapUsedBytes) / heapGrowth) * 100, 0)
        : null,
    roomsLoaded,
    roomsLoadedAfterLeave: await loadedRoomCount(server),
    note: 'after a forced full GC (inspector); RSS per room = (RSS with the rooms open − RSS before) / rooms',
  }
}
