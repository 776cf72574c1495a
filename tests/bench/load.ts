import { monitorEventLoopDelay } from 'node:perf_hooks'
import {
  type BenchClient,
  connectBenchClient,
  createRooflineRooms,
  type RoomAddress,
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
  measureMs: number
}

/** What one load step measured, on the generator's own clock. */
export interface LoadResult {
  latenciesMs: number[]
  updatesPerSecond: number
  /** p99 of the generator's own event-loop delay: when high, the step measured the generator, not the server. */
  generatorLagP99Ms: number
  serverCpuMs: number
  rssBytes: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

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

/** Connects `perRoom` clients to each room and waits until all have synced. */
export async function connectRooms(addresses: RoomAddress[], perRoom: number): Promise<BenchClient[][]> {
  const rooms = addresses.map((address) => Array.from({ length: perRoom }, () => connectBenchClient(address)))
  await Promise.all(rooms.flat().map((client) => client.synced))
  return rooms
}

/**
 * Runs a drawing load against `server`: drawers set their shape record at `hz`, every other
 * client of the room records send-to-receipt latency from the record's `meta.sentAt`.
 */
export async function runDrawingLoad(
  server: ServerUnderTest,
  shape: LoadShape,
  prefix: string,
): Promise<LoadResult> {
  const rooms = await connectRooms(await roomAddresses(server, shape.rooms, prefix), shape.clientsPerRoom)
  const latencies: number[] = []
  let measuring = false
  let sent = 0
  for (const clients of rooms) {
    clients.forEach((client, index) => {
      client.records.on(
        'change',
        (
          changes: Map<string, { action: string; newValue?: { meta: { sentAt: number; sender: number } } }>,
        ) => {
          if (!measuring) return
          const now = performance.now()
          for (const change of changes.values()) {
            const meta = change.newValue?.meta
            if (meta && meta.sender !== index) latencies.push(now - meta.sentAt)
          }
        },
      )
    })
  }
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
              client.records.set(
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
  const lag = monitorEventLoopDelay({ resolution: 5 })
  lag.enable()
  const cpuBefore = server.cpuMs()
  measuring = true
  await sleep(shape.measureMs)
  measuring = false
  lag.disable()
  const serverCpuMs = server.cpuMs() - cpuBefore
  const rssBytes = server.rssBytes()
  for (const timer of timers) clearInterval(timer)
  await sleep(100)
  for (const client of rooms.flat()) client.destroy()
  return {
    latenciesMs: latencies,
    updatesPerSecond: sent / (shape.measureMs / 1000),
    generatorLagP99Ms: lag.percentile(99) / 1e6,
    serverCpuMs,
    rssBytes,
  }
}
