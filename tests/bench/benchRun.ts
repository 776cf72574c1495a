import { type LoadShape, runDrawingLoad } from './load.ts'
import { replayStep } from './replayScenario.ts'
import { scaleOutUnavailable, startScaleOut } from './scaleOut.ts'
import {
  type BenchRow,
  type DrawingStepRows,
  drawingStep,
  joinStep,
  memoryStep,
  summariseDrawing,
} from './scenarios.ts'
import { type ServerKind, type ServerUnderTest, startServerUnderTest } from './serverUnderTest.ts'
import { simulationStep } from './simulation.ts'
import { transferStep } from './transfer.ts'
import { startVoiceUploads, VOICE_CHUNK_BYTES, VOICE_CHUNK_MS } from './voiceUploads.ts'

/** Every server compared, in the order the first run takes them (later runs rotate it). */
export const SERVERS: ServerKind[] = ['roofline', 'y-websocket', 'y-websocket-leveldb', 'hocuspocus']

/** The scenarios of a run, in the order they run (`--only` names some of them). */
export const SCENARIOS = [
  'fan-out',
  'fan-out-voice',
  'big-room',
  'fan-out-scale-out',
  'join',
  'memory',
  'replay',
  'transfer',
  'sim',
] as const

/** How one full run is shaped. */
export interface RunPlan {
  /** Short windows and fewer rooms: a smoke run. */
  quick: boolean
  /** Whether the two-process Redis variant runs. */
  scaleOut: boolean
  /** Which scenarios run. */
  runs: (scenario: string) => boolean
  /** This run's index: the servers take turns in a different order each run. */
  index: number
  log: (message: string) => void
}

/** Measurement windows of a drawing step in one run; the runs, not the windows, give the spread. */
export function windowTiming(quick: boolean) {
  return { warmupMs: 500, windowMs: 1000, windows: quick ? 1 : 2 }
}

/** The fan-out steps (rooms) of a run. */
export const fanOutSteps = (quick: boolean) => (quick ? [50, 100] : [50, 100, 200])

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

/**
 * One full run of every scenario the plan names, each server on a fresh process: the rows of
 * this run alone (the runner takes medians over several runs).
 */
export async function benchRun(plan: RunPlan): Promise<BenchRow[]> {
  const { quick, runs, log } = plan
  const rows: BenchRow[] = []
  const keep = ({ row, durability }: DrawingStepRows) => {
    rows.push(row)
    if (durability) rows.push(durability)
  }
  const timing = windowTiming(quick)
  const turn = plan.index % SERVERS.length
  // A change in the machine's own load during a run falls on a different server each run.
  const order = [...SERVERS.slice(turn), ...SERVERS.slice(0, turn)]
  const fanOut = (rooms: number): LoadShape => ({
    rooms,
    clientsPerRoom: 3,
    drawersPerRoom: 2,
    hz: 10,
    ...timing,
  })

  for (const rooms of runs('fan-out') ? fanOutSteps(quick) : []) {
    for (const kind of order) {
      log(`fan-out ${rooms} rooms: ${kind}`)
      const shape = fanOut(rooms)
      const windows = await withServer(kind, (server) => runDrawingLoad([server], shape, 'fan-out'))
      keep(summariseDrawing({ kind, processes: 1, scenario: 'fan-out', shape, runs: 1 }, windows))
    }
  }
  // Voice (issue 21): Roofline alone, the same fan-out without and with every room uploading one
  // voice track (12 kB every 3 s), back to back on fresh processes; RSS per room beside p99.
  for (const rooms of runs('fan-out-voice') ? fanOutSteps(quick) : []) {
    for (const uploads of [false, true]) {
      log(`fan-out ${rooms} rooms, Roofline, ${uploads ? 'with' : 'without'} voice uploads`)
      const shape = fanOut(rooms)
      const beside = uploads ? startVoiceUploads : undefined
      const windows = await withServer('roofline', (server) =>
        runDrawingLoad([server], shape, 'fan-out-voice', undefined, beside),
      )
      const { row } = summariseDrawing(
        {
          kind: uploads ? 'roofline+voice' : 'roofline',
          processes: 1,
          scenario: 'fan-out-voice',
          shape,
          runs: 1,
        },
        windows,
      )
      row.note = `RSS per room ${Math.round(row.rssBytes / rooms / 1024)} KiB (RSS under load / rooms)${uploads ? `; ${VOICE_CHUNK_BYTES} B every ${VOICE_CHUNK_MS} ms per room` : ''}`
      rows.push(row)
      // On a busy host every window may be discarded: the unfiltered figure still hints at scale.
      log(
        `  p99 ${row.p99Ms ?? '–'} ms (unfiltered ${row.unfilteredP99Ms} ms, generator lag p99 ${row.generatorLagP99Ms} ms), ${row.note}`,
      )
    }
  }
  for (const kind of runs('big-room') ? order : []) {
    log(`one big room: ${kind}`)
    const shape = { rooms: 1, clientsPerRoom: 50, drawersPerRoom: 5, hz: 20, ...timing }
    keep(await withServer(kind, (server) => drawingStep([server], 'big-room', shape)))
  }

  // Scale-out: the same fan-out load on one Roofline process and on two sharing the rooms over
  // Redis (a room's clients split between them), both on PostgreSQL.
  const scaleOutRooms = 100
  const unavailable = plan.scaleOut ? await scaleOutUnavailable() : 'skipped (--no-scale-out)'
  if (runs('fan-out-scale-out') && unavailable) {
    log(`scale-out: ${unavailable}`)
  } else if (runs('fan-out-scale-out')) {
    for (const processes of [1, 2]) {
      log(
        `fan-out ${scaleOutRooms} rooms, ${processes} Roofline process(es) on PostgreSQL${processes > 1 ? ' + Redis' : ''}`,
      )
      const cluster = await startScaleOut(processes)
      try {
        const { row } = await drawingStep(cluster.servers, 'fan-out-scale-out', fanOut(scaleOutRooms))
        rows.push({ ...row, processes, storage: 'postgresql', fanout: processes > 1 ? 'redis' : 'none' })
        log(
          `  p99 ${row.p99Ms ?? '–'} ms, CPU ${row.serverCpuMsPer1000Deliveries} ms per 1,000 deliveries` +
            (processes > 1
              ? ` (per process ${JSON.stringify(row.serverCpuMsPer1000DeliveriesPerProcess)}, CPU ms/s ${JSON.stringify(row.serverCpuMsPerSecondPerProcess)}), cross-process p50 ${row.crossProcessP50Ms ?? '–'} p99 ${row.crossProcessP99Ms ?? '–'} ms, Redis ${row.fanoutCommandsPerSecond} commands/s, ${row.fanoutFramesPerCommand} frames each, ${row.fanoutMessagesPerFrame} messages per frame`
              : ''),
        )
      } finally {
        await cluster.stop()
      }
    }
  }

  for (const kind of runs('join') ? order : []) {
    log(`join a 5,000-shape board: ${kind}`)
    rows.push(await withServer(kind, (server) => joinStep(server, 5000, quick ? 3 : 5)))
  }
  const memoryRooms = 200
  for (const kind of runs('memory') ? order : []) {
    log(`memory, ${memoryRooms} rooms: ${kind}`)
    rows.push(await withServer(kind, (server) => memoryStep(server, memoryRooms, 100), true))
  }
  if (runs('replay')) {
    log('replay of a 45-minute session: roofline')
    const shape = {
      shapes: 5000,
      updates: quick ? 5000 : 20_000,
      durationMs: 45 * 60_000,
      runs: 1,
      seeks: 30,
    }
    rows.push(await withServer('roofline', (server) => replayStep(server, shape)))
  }
  if (runs('transfer')) {
    log('transfer: candidate, replay and start page opened cold on 10 Mbit/s')
    rows.push(...(await withServer('roofline', (server) => transferStep(server, 1))))
  }
  if (runs('sim')) {
    log('sim: five minutes at 10,000 requests/s (≈ 3M requests, 215 decode replicas) in a worker thread')
    rows.push(...(await simulationStep(1)))
  }
  return rows
}
