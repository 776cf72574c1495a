import { monitorEventLoopDelay } from 'node:perf_hooks'
import {
  type BenchClient,
  connectBenchClient,
  createRooflineRooms,
  onRemoteRecords,
  type RoomAddress,
  setRecord,
  shapeRecord,
} from './benchClients.ts'
import type { ServerUnderTest } from './serverUnderTest.ts'

/** A drawing load: rooms of clients, some of whom move one shape each at a steady rate. */
export interface LoadShape {
  rooms: number
  clientsPerRoom: number
  drawersPerRoom: number
  hz: number
  warmupMs: number
  /** Length of one measurement window; the step reports the median over its windows. */
  windowMs: number
  windows: number
}

/** Update-to-commit lag as Roofline's durability probe reports it (`GET /api/debug/durability`). */
export interface DurabilityLag {
  count: number
  p50Ms: number | null
  p95Ms: number | null
  p99Ms: number | null
  maxMs: number | null
}

/** What one measurement window saw, on the generator's own clock. */
export interface LoadWindow {
  latenciesMs: number[]
  /**
   * With several server processes: the latencies of updates delivered by another process than
   * the one the drawer is connected to (sent to A, relayed over Redis, delivered by B).
   */
  crossProcessLatenciesMs: number[]
  /** Updates each server process delivered to its clients in the window (by the receiver's process). */
  deliveriesPerProcess: number[]
  updatesPerSecond: number
  /** p99 of the generator's own event-loop delay beyond its timer period: when high, the window measured the generator. */
  generatorLagP99Ms: number
  /** Share of one core the generator used during the window, in percent. */
  generatorCpuPercent: number
  /** CPU time each server process used during the window, in ms. */
  serverCpuMs: number[]
  rssBytes: number[]
  /** Per Roofline process, when its durability probe is on. */
  durability: DurabilityLag[]
  /** Per process sharing rooms over Redis: its fan-out traffic during the window. */
  fanout: FanoutTraffic[]
}

/**
 * What one process's Redis fan-out did in a window (from `/api/health`): messages published,
 * the frames they took (a server without batching has one per message), the Redis commands
 * those took (one PUBLISH per frame before batching per turn), and messages received.
 */
export interface FanoutTraffic {
  published: number
  publishes: number
  commands: number
  received: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A process's fan-out counters since it started, or null when it has no fan-out. */
async function readFanout(server: ServerUnderTest): Promise<FanoutTraffic | null> {
  if (server.kind !== 'roofline') return null
  const response = await fetch(`http://127.0.0.1:${server.port}/api/health`)
  if (!response.ok) return null
  const { fanout } = (await response.json()) as { fanout?: Partial<FanoutTraffic> }
  if (!fanout) return null
  const published = fanout.published ?? 0
  const publishes = fanout.publishes ?? published
  return { published, publishes, commands: fanout.commands ?? publishes, received: fanout.received ?? 0 }
}

/** Timer period of the event-loop monitor; its readings include one period, which is subtracted. */
const LAG_RESOLUTION_MS = 10

/** The addresses of `count` rooms on `server` (Roofline rooms are real sessions with tokens). */
export async function roomAddresses(
  server: ServerUnderTest,
  count: number,
  prefix: string,
): Promise<RoomAddress[]> {
  if (server.kind === 'roofline') {
    return (await createRooflineRooms(server.port, count)).map(({ room, token }) => ({
      kind: server.kind,
      port: server.port,
      room,
      token,
    }))
  }
  return Array.from({ length: count }, (_, i) => ({
    kind: server.kind,
    port: server.port,
    room: `${prefix}-${i}`,
  }))
}

/**
 * Connects `perRoom` clients to each room and waits until all have synced. With several
 * servers (processes sharing rooms over Redis), client `i` of a room goes to server
 * `i % servers.length`. Connections open in batches, as a burst of hundreds of handshakes
 * at once measures the kernel's accept queue rather than anything else.
 */
export async function connectRooms(
  addresses: RoomAddress[],
  perRoom: number,
  ports: number[] = [],
): Promise<BenchClient[][]> {
  const rooms: BenchClient[][] = []
  const BATCH = 100
  for (let start = 0; start < addresses.length; start += BATCH) {
    const batch = addresses
      .slice(start, start + BATCH)
      .map((address) =>
        Array.from({ length: perRoom }, (_, i) =>
          connectBenchClient(
            ports.length > 0 ? { ...address, port: ports[i % ports.length] ?? address.port } : address,
          ),
        ),
      )
    await Promise.all(batch.flat().map((client) => client.synced))
    rooms.push(...batch)
  }
  return rooms
}

async function readDurability(server: ServerUnderTest): Promise<DurabilityLag | null> {
  if (server.kind !== 'roofline') return null
  const response = await fetch(`http://127.0.0.1:${server.port}/api/debug/durability`)
  return response.ok ? ((await response.json()) as DurabilityLag) : null
}

/** Each process's fan-out traffic since `before` (read at the window's start). */
async function fanoutSince(
  servers: ServerUnderTest[],
  before: (FanoutTraffic | null)[],
): Promise<FanoutTraffic[]> {
  if (before.length === 0) return []
  const after = await Promise.all(servers.map(readFanout))
  return after.flatMap((now, i) => {
    const then = before[i]
    if (!now || !then) return []
    return [
      {
        published: now.published - then.published,
        publishes: now.publishes - then.publishes,
        commands: now.commands - then.commands,
        received: now.received - then.received,
      },
    ]
  })
}

/**
 * Runs a drawing load against `servers` (one, or several processes sharing the rooms):
 * drawers set their shape record at `hz` (as the board does, without its record store's
 * observer: see `BenchClient.records`), every other client of the room records
 * send-to-receipt latency from the record's `meta.sentAt`, stamped and read on this
 * process's clock once its document applied the update. After a warm-up, `windows` windows
 * are measured back to back, each with its own latencies, event-loop lag of the generator,
 * and server CPU.
 */
export async function runDrawingLoad(
  servers: ServerUnderTest[],
  shape: LoadShape,
  prefix: string,
  /** Awaited once every client is connected and warmed up, right before the first window (profiling). */
  beforeWindows?: () => Promise<void>,
  /** A load beside the drawing (voice uploads), started once the rooms are connected, stopped after the windows. */
  beside?: (addresses: RoomAddress[]) => Promise<{ stop(): Promise<unknown> }>,
): Promise<LoadWindow[]> {
  const [first] = servers
  if (!first) throw new Error('no server')
  const addresses = await roomAddresses(first, shape.rooms, prefix)
  const rooms = await connectRooms(
    addresses,
    shape.clientsPerRoom,
    servers.map((s) => s.port),
  )
  let latencies: number[] = []
  let crossLatencies: number[] = []
  let deliveriesPerProcess = servers.map(() => 0)
  let measuring = false
  let sent = 0
  // Client `i` of a room is connected to process `i % processes` (see connectRooms).
  const processes = servers.length
  for (const clients of rooms) {
    clients.forEach((client, index) => {
      const own = index % processes
      onRemoteRecords(client.doc, ({ meta }) => {
        if (!measuring || meta.sender === index) return
        const latency = performance.now() - meta.sentAt
        latencies.push(latency)
        deliveriesPerProcess[own] = (deliveriesPerProcess[own] ?? 0) + 1
        if (meta.sender % processes !== own) crossLatencies.push(latency)
      })
    })
  }
  const besideLoad = await beside?.(addresses)
  const timers: NodeJS.Timeout[] = []
  rooms.forEach((clients, r) => {
    for (let d = 0; d < shape.drawersPerRoom; d++) {
      const client = clients[d]
      if (!client) continue
      let step = 0
      // Spread the drawers' phases over the period, as real people do not move in lockstep.
      const start = setTimeout(
        () => {
          timers.push(
            setInterval(() => {
              step++
              setRecord(
                client.doc,
                `shape:${r}-${d}`,
                shapeRecord(`shape:${r}-${d}`, step, d, performance.now()),
              )
              if (measuring) sent++
            }, 1000 / shape.hz),
          )
        },
        Math.random() * (1000 / shape.hz),
      )
      timers.push(start)
    }
  })
  await sleep(shape.warmupMs)
  await beforeWindows?.()
  const windows: LoadWindow[] = []
  for (let w = 0; w < shape.windows; w++) {
    await Promise.all(servers.map(readDurability))
    const fanoutBefore = servers.length > 1 ? await Promise.all(servers.map(readFanout)) : []
    const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS })
    const cpuBefore = servers.map((s) => s.cpuMs())
    const ownCpuBefore = process.cpuUsage()
    const started = performance.now()
    latencies = []
    crossLatencies = []
    deliveriesPerProcess = servers.map(() => 0)
    sent = 0
    lag.enable()
    measuring = true
    await sleep(shape.windowMs)
    measuring = false
    lag.disable()
    const elapsedMs = performance.now() - started
    const ownCpu = process.cpuUsage(ownCpuBefore)
    windows.push({
      latenciesMs: latencies,
      crossProcessLatenciesMs: crossLatencies,
      deliveriesPerProcess,
      updatesPerSecond: sent / (elapsedMs / 1000),
      generatorLagP99Ms: Math.max(0, lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS),
      generatorCpuPercent: ((ownCpu.user + ownCpu.system) / 1000 / elapsedMs) * 100,
      serverCpuMs: servers.map((s, i) => s.cpuMs() - (cpuBefore[i] ?? 0)),
      rssBytes: servers.map((s) => s.rssBytes()),
      durability: (await Promise.all(servers.map(readDurability))).filter((d) => d !== null),
      fanout: await fanoutSince(servers, fanoutBefore),
    })
  }
  for (const timer of timers) clearInterval(timer)
  await besideLoad?.stop()
  await sleep(100)
  for (const client of rooms.flat()) client.destroy()
  return windows
}
