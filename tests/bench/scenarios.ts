import { setTimeout as sleep } from 'node:timers/promises'
import { connectBenchClient, shapeRecord } from './benchClients.ts'
import { connectRooms, type LoadShape, roomAddresses, runDrawingLoad } from './load.ts'
import type { ServerUnderTest } from './serverUnderTest.ts'
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

/** A generator whose own event loop lags this much measured itself, not the server. */
const GENERATOR_LAG_LIMIT_MS = 30

/**
 * A drawing-load step, run `repeats` times on a fresh server each time; the median of each
 * figure over the runs is reported. A run whose generator lagged is discarded.
 */
export async function drawingStep(
  start: () => Promise<ServerUnderTest>,
  scenario: string,
  shape: LoadShape,
  repeats: number,
): Promise<BenchRow> {
  const runs: Array<Awaited<ReturnType<typeof runDrawingLoad>> & { kind: string }> = []
  let discarded = 0
  const lags: number[] = []
  let kind = ''
  for (let i = 0; i < repeats; i++) {
    const server = await start()
    kind = server.kind
    try {
      const result = await runDrawingLoad(server, shape, `${scenario}-${i}`)
      lags.push(round(result.generatorLagP99Ms) ?? -1)
      if (result.generatorLagP99Ms > GENERATOR_LAG_LIMIT_MS) discarded++
      else runs.push({ ...result, kind })
    } finally {
      await server.stop()
    }
  }
  const pick = (f: (run: (typeof runs)[number]) => number) => round(median(runs.map(f)))
  return {
    scenario,
    server: kind,
    rooms: shape.rooms,
    clients: shape.rooms * shape.clientsPerRoom,
    p50Ms: pick((r) => percentile(r.latenciesMs, 50)),
    p95Ms: pick((r) => percentile(r.latenciesMs, 95)),
    p99Ms: pick((r) => percentile(r.latenciesMs, 99)),
    updatesPerSecond: pick((r) => r.updatesPerSecond),
    rssBytes: Math.round(median(runs.map((r) => r.rssBytes))) || 0,
    serverCpuMsPerSecond: pick((r) => r.serverCpuMs / (shape.measureMs / 1000)),
    generatorLagP99Ms: pick((r) => r.generatorLagP99Ms),
    samples: runs.reduce((sum, r) => sum + r.latenciesMs.length, 0),
    runs: runs.length,
    discardedRuns: discarded,
    generatorLagP99MsPerRun: lags,
  }
}

/**
 * Join: a board of `shapes` shapes, then `joins` fresh clients connect one after another;
 * reports connect-to-synced time and the size of the document each received.
 */
export async function joinStep(server: ServerUnderTest, shapes: number, joins: number): Promise<BenchRow> {
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
  while (check.records.map.size < shapes) await sleep(20)
  check.destroy()
  const times: number[] = []
  const sizes: number[] = []
  for (let i = 0; i < joins; i++) {
    const started = performance.now()
    const client = connectBenchClient(address)
    await client.synced
    while (client.records.map.size < shapes) await sleep(1)
    times.push(performance.now() - started)
    const { encodeStateAsUpdate } = await import('yjs')
    sizes.push(encodeStateAsUpdate(client.doc).byteLength)
    client.destroy()
  }
  seed.destroy()
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
    syncBytes: Math.round(median(sizes)),
  }
}

/**
 * Memory: `rooms` rooms of 2 clients with `shapes` shapes each; server RSS per room while
 * they are open, and after every client has left and idle rooms had time to unload.
 */
export async function memoryStep(server: ServerUnderTest, rooms: number, shapes: number): Promise<BenchRow> {
  await sleep(500)
  const baseline = server.rssBytes()
  const addresses = await roomAddresses(server, rooms, 'memory')
  const clients = await connectRooms(addresses, 2)
  for (const [first] of clients) {
    first?.doc.transact(() => {
      for (let i = 0; i < shapes; i++) first.records.set(`shape:${i}`, shapeRecord(`shape:${i}`, i, 0, 0))
    })
  }
  for (const pair of clients) {
    const second = pair[1]
    while (second && second.records.map.size < shapes) await sleep(10)
  }
  await sleep(1000)
  const loaded = server.rssBytes()
  for (const client of clients.flat()) client.destroy()
  // Roofline unloads a room 2 s after its last client left (ROOFLINE_ROOM_IDLE_MS in the bench).
  await sleep(4000)
  const afterLeave = server.rssBytes()
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
    rssBytes: loaded,
    rssBaselineBytes: baseline,
    rssPerRoomBytes: Math.round((loaded - baseline) / rooms),
    rssAfterLeaveBytes: afterLeave,
  }
}
