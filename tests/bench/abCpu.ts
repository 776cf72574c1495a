/**
 * `node tests/bench/abCpu.ts --base=<checkout> [--step=fan-out|join] [--rooms=100] [--shape=big-room] [--pairs=3]`:
 * Roofline from another checkout (A, e.g. a worktree of main) against this one (B), measured
 * interleaved (A B, B A, A B, …, the order alternating per pair) so that a change in the
 * machine's load falls on both alike. Fan-out: server CPU ms per 1,000 delivered updates and
 * RSS over three 1-second windows; join: server CPU ms per join of a 5,000-shape board and
 * the join times. Prints each measurement and the medians per side. For judging one change
 * on a shared host, where CPU per unit of work is steadier than latency.
 */
import { runDrawingLoad } from './load.ts'
import { measureJoins, seedBoard } from './scenarios.ts'
import { startServerUnderTest } from './serverUnderTest.ts'
import { median } from './stats.ts'

const option = (name: string, fallback: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback

process.setMaxListeners(0)
const base = option('base', '')
if (!base) throw new Error('--base=<checkout of the version to compare against> is required')
const step = option('step', 'fan-out')
const rooms = Number(option('rooms', '100'))
const pairs = Number(option('pairs', '3'))
// The fan-out step's rooms, or the big room: one room of 50 clients, 5 of them drawing at 20 Hz.
const shape =
  option('shape', 'fan-out') === 'big-room'
    ? { rooms: 1, clientsPerRoom: 50, drawersPerRoom: 5, hz: 20 }
    : { rooms, clientsPerRoom: 3, drawersPerRoom: 2, hz: 10 }

interface Measurement {
  /** Server CPU ms per 1,000 deliveries (fan-out) or per join. */
  cpu: number
  /** RSS in MB at the end (fan-out) or the median join time in ms. */
  other: number
}

async function measure(root: string | undefined): Promise<Measurement> {
  const server = await startServerUnderTest('roofline', root ? { root } : {})
  try {
    if (step === 'join') {
      const board = await seedBoard(server, 5000)
      const before = server.cpuMs()
      const { times } = await measureJoins(server, board, 10)
      const cpu = (server.cpuMs() - before) / times.length
      board.close()
      return { cpu, other: median(times) }
    }
    const windows = await runDrawingLoad(
      [server],
      { ...shape, warmupMs: 1000, windowMs: 1000, windows: 3 },
      'ab',
    )
    const cpuMs = windows.reduce((sum, w) => sum + (w.serverCpuMs[0] ?? 0), 0)
    const deliveries = windows.reduce((sum, w) => sum + w.latenciesMs.length, 0)
    return { cpu: (cpuMs / deliveries) * 1000, other: (windows.at(-1)?.rssBytes[0] ?? 0) / 1e6 }
  } finally {
    await server.stop()
  }
}

const results: Record<'A' | 'B', Measurement[]> = { A: [], B: [] }
for (let pair = 0; pair < pairs; pair++) {
  const order: ('A' | 'B')[] = pair % 2 === 0 ? ['A', 'B'] : ['B', 'A']
  for (const side of order) {
    const m = await measure(side === 'A' ? base : undefined)
    results[side].push(m)
    console.log(
      `pair ${pair + 1} ${side}: cpu ${m.cpu.toFixed(1)}  ${step === 'join' ? 'join ms' : 'rss MB'} ${m.other.toFixed(0)}`,
    )
  }
}
const unit = step === 'join' ? 'CPU ms per join' : 'CPU ms per 1,000 deliveries'
for (const side of ['A', 'B'] as const) {
  const cpu = median(results[side].map((m) => m.cpu))
  const other = median(results[side].map((m) => m.other))
  console.log(
    `${side} median: ${unit} ${cpu.toFixed(1)}, ${step === 'join' ? 'join ms' : 'RSS MB'} ${other.toFixed(0)}`,
  )
}
