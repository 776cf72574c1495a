/**
 * `node tests/bench/profile.ts [--step=fan-out|join] [--rooms=100] [--server=roofline]
 * [--processes=2] [--out=file.cpuprofile] [--no-gc]`: a step of the benchmark (the fan-out load, or fresh
 * clients joining a 5,000-shape board) against one server while its CPU is profiled through
 * the inspector; prints the functions with the most self time, grouped by function and file,
 * and writes the whole profile (open it in Chrome DevTools' Performance panel) when `--out` is
 * given. The server also runs with `--trace-gc` (unless `--no-gc`): the profiled stretch's
 * collections, GC pauses and the bytes allocated, per delivered update (fan-out) or per join;
 * and V8's sampling heap profiler names the functions that allocated most.
 * For finding where a server's time goes, not a measurement: profiling slows it down.
 */
import { writeFileSync } from 'node:fs'
import { startAllocationSampling, stopAllocationSampling } from './allocations.ts'
import { GcTrace } from './gcTrace.ts'
import { runDrawingLoad } from './load.ts'
import { startScaleOut } from './scaleOut.ts'
import { measureJoins, seedBoard } from './scenarios.ts'
import { type ServerKind, startServerUnderTest } from './serverUnderTest.ts'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const option = (name: string, fallback: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback

process.setMaxListeners(0)
const rooms = Number(option('rooms', '100'))
const kind = option('server', 'roofline') as ServerKind
const out = option('out', '')
const step = option('step', 'fan-out')
if (step !== 'fan-out' && step !== 'join') throw new Error(`--step must be fan-out or join, got ${step}`)
const traceGc = !process.argv.includes('--no-gc')
// --processes=2: the fan-out load on two Roofline processes sharing the rooms over Redis, on
// PostgreSQL as the scale-out step runs; each process is profiled and reported on its own.
const processes = Number(option('processes', '1'))
if (processes > 1 && (step !== 'fan-out' || kind !== 'roofline'))
  throw new Error('--processes > 1 profiles the Roofline fan-out step only')
const traces = Array.from({ length: processes }, () => new GcTrace())
const serverOptions = (i: number) => ({
  inspect: true,
  nodeFlags: traceGc ? ['--trace-gc'] : [],
  onOutput: (text: string) => traces[i]?.add(text),
})
const cluster = processes > 1 ? await startScaleOut(processes, serverOptions) : null
const servers = cluster?.servers ?? [await startServerUnderTest(kind, serverOptions(0))]
try {
  const inspectors = await Promise.all(servers.map((server) => server.inspector()))
  for (const inspector of inspectors) {
    await inspector.send('Profiler.enable')
    await inspector.send('Profiler.setSamplingInterval', { interval: 200 })
  }
  const startProfiling = async () => {
    for (const trace of traces) trace.take()
    for (const inspector of inspectors) {
      await startAllocationSampling(inspector)
      await inspector.send('Profiler.start')
    }
  }
  const cpuBefore = servers.map((server) => server.cpuMs())
  let profiledMs = 0
  let deliveries = 0
  let windows: Awaited<ReturnType<typeof runDrawingLoad>> = []
  if (step === 'fan-out') {
    let started = 0
    windows = await runDrawingLoad(
      servers,
      { rooms, clientsPerRoom: 3, drawersPerRoom: 2, hz: 10, warmupMs: 1000, windowMs: 1000, windows: 4 },
      'profile',
      // Profile the measured windows, not the connection burst (rooms loading, sessions created).
      async () => {
        await startProfiling()
        started = performance.now()
      },
    )
    profiledMs = performance.now() - started
    deliveries = windows.reduce((sum, w) => sum + w.latenciesMs.length, 0)
  } else {
    const [server] = servers
    if (!server) throw new Error('no server')
    const board = await seedBoard(server, 5000)
    await startProfiling()
    const started = performance.now()
    const { times } = await measureJoins(server, board, 10)
    profiledMs = performance.now() - started
    deliveries = times.length
    board.close()
    console.log(`join times (profiled): ${times.map((t) => t.toFixed(0)).join(', ')} ms`)
  }
  const unit = step === 'fan-out' ? 'delivered update' : 'join'
  for (const [index, server] of servers.entries()) {
    const inspector = inspectors[index]
    const gc = traces[index]
    if (!inspector || !gc) continue
    if (servers.length > 1)
      console.log(`\n=== process ${index + 1} of ${servers.length} (pid ${server.pid}) ===`)
    const { profile } = (await inspector.send('Profiler.stop')) as { profile: Profile }
    const collected = gc.take()
    const allocated = await stopAllocationSampling(inspector)
    console.log(
      `allocated (sampling heap profiler, collected objects included): ${(allocated.totalBytes / 1e6).toFixed(1)} MB = ${Math.round(allocated.totalBytes / Math.max(1, deliveries))} bytes per ${unit}; most by:`,
    )
    for (const { where, bytes } of allocated.top)
      console.log(`${((bytes / Math.max(1, allocated.totalBytes)) * 100).toFixed(1).padStart(5)}%  ${where}`)
    if (traceGc)
      console.log(
        `GC over ${(profiledMs / 1000).toFixed(1)} s: ${JSON.stringify(collected.collections)}, pauses ${collected.pauseMs.toFixed(0)} ms ` +
          `(${((collected.pauseMs / profiledMs) * 100).toFixed(1)}% of wall time, ${((collected.pauseMs / Math.max(1, server.cpuMs() - (cpuBefore[index] ?? 0))) * 100).toFixed(1)}% of the server's CPU); ` +
          `allocated ~${(collected.allocatedBytes / 1e6).toFixed(0)} MB = ${Math.round(collected.allocatedBytes / Math.max(1, deliveries))} bytes per ${unit} (${deliveries} ${unit}s)`,
      )
    if (out)
      writeFileSync(
        servers.length > 1 ? out.replace(/(\.cpuprofile)?$/, `-${index + 1}$1`) : out,
        JSON.stringify(profile),
      )
    const selfUs = new Map<string, number>()
    const byId = new Map(profile.nodes.map((node) => [node.id, node]))
    const parentOf = new Map<number, ProfileNode>()
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node)
    let total = 0
    profile.samples.forEach((id, i) => {
      const node = byId.get(id)
      const dt = profile.timeDeltas[i] ?? 0
      // Shares are of the time the server was busy: an idle sample is no cost.
      if (!node || node.callFrame.functionName === '(idle)') return
      // Native code (a SQLite statement, a socket write) has no name: charge it to its caller.
      const nameless = !node.callFrame.functionName && !node.callFrame.url
      const frame = nameless ? (parentOf.get(id) ?? node) : node
      const { functionName, url, lineNumber } = frame.callFrame
      const file = url
        .replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')
        .replace(/^file:\/\/.*\/(server|shared)\//, '$1/')
      const key = `${nameless ? '(native) in ' : ''}${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`
      selfUs.set(key, (selfUs.get(key) ?? 0) + dt)
      total += dt
    })
    // Inclusive time of the server's own functions (and the libraries' entry points they call).
    const inclusiveUs = new Map<string, number>()
    profile.samples.forEach((id, i) => {
      const dt = profile.timeDeltas[i] ?? 0
      const seen = new Set<string>()
      for (let node = byId.get(id); node; node = parentOf.get(node.id)) {
        const { functionName, url, lineNumber } = node.callFrame
        if (
          !url.includes('/server/src/') &&
          !/^(applyUpdate|decodeUpdate|sqliteTransaction)/.test(functionName)
        )
          continue
        seen.add(
          `${functionName || '(anonymous)'} ${url.replace(/^.*\/main\//, '').replace(/^.*node_modules\//, '')}:${lineNumber + 1}`,
        )
      }
      for (const key of seen) inclusiveUs.set(key, (inclusiveUs.get(key) ?? 0) + dt)
    })
    console.log(
      `busy ${(total / 1000).toFixed(0)} ms of the profiled stretch; shares below are of the busy time`,
    )
    console.log('inclusive:')
    for (const [key, us] of [...inclusiveUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25))
      console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}`)
    console.log('self:')
    const top = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)
    for (const [key, us] of top) console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}`)
  }
  if (windows.length > 0) {
    const p99 = windows.map((w) => {
      const sorted = [...w.latenciesMs].sort((a, b) => a - b)
      return sorted[Math.floor(sorted.length * 0.99)]?.toFixed(1)
    })
    console.log(`p99 per window (profiled, slower than unprofiled): ${p99.join(', ')} ms`)
    console.log(`server cpu per window: ${windows.map((w) => w.serverCpuMs.join(' + ')).join(', ')} ms`)
  }
} finally {
  if (cluster) await cluster.stop()
  else for (const server of servers) await server.stop()
}
