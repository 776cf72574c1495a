/**
 * `node tests/bench/compare.ts [--rooms=200] [--servers=roofline,y-websocket] [--rounds=2]`:
 * the fan-out load at one step against the servers named, `rounds` times each with the
 * servers taking turns (a fresh server and fresh clients every run), then each server's
 * medians over all its windows: server CPU, p50, p95 and p99. For trying a change quickly,
 * one step at a time; the published figures come from `pnpm bench`.
 *
 * Run it pinned like the benchmark (`taskset -c 0 nice -n -10 node tests/bench/compare.ts`) so
 * the servers get core 1 to themselves.
 */
import { runDrawingLoad } from './load.ts'
import { type ServerKind, startServerUnderTest } from './serverUnderTest.ts'
import { median, percentile } from './stats.ts'

const option = (name: string, fallback: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback

// Every y-websocket provider adds an exit listener; hundreds of clients are expected here.
process.setMaxListeners(0)
const rooms = Number(option('rooms', '200'))
const kinds = option('servers', 'roofline').split(',') as ServerKind[]
const rounds = Number(option('rounds', '2'))

interface Windows {
  cpuMs: number[]
  p50Ms: number[]
  p95Ms: number[]
  p99Ms: number[]
}
const measured = new Map<ServerKind, Windows>(
  kinds.map((kind) => [kind, { cpuMs: [], p50Ms: [], p95Ms: [], p99Ms: [] }]),
)

for (let round = 0; round < rounds; round++) {
  for (const kind of kinds) {
    const server = await startServerUnderTest(kind)
    try {
      const windows = await runDrawingLoad(
        [server],
        { rooms, clientsPerRoom: 3, drawersPerRoom: 2, hz: 10, warmupMs: 1500, windowMs: 1000, windows: 4 },
        'compare',
      )
      const into = measured.get(kind)
      for (const window of windows) {
        into?.cpuMs.push(window.serverCpuMs[0] ?? Number.NaN)
        into?.p50Ms.push(percentile(window.latenciesMs, 50))
        into?.p95Ms.push(percentile(window.latenciesMs, 95))
        into?.p99Ms.push(percentile(window.latenciesMs, 99))
      }
    } finally {
      await server.stop()
    }
  }
}

const ms = (values: number[]) => median(values).toFixed(2)
for (const [kind, windows] of measured) {
  console.log(
    `${kind.padEnd(12)} ${rooms} rooms: cpu ${median(windows.cpuMs).toFixed(0)} ms/s, ` +
      `p50 ${ms(windows.p50Ms)}, p95 ${ms(windows.p95Ms)}, p99 ${ms(windows.p99Ms)} ms ` +
      `(medians of ${windows.p99Ms.length} windows; p99 per window: ${windows.p99Ms.map((p) => p.toFixed(1)).join(' ')})`,
  )
}
