import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { getPriority, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { serverNodeFlags } from '../../scripts/serverFlags.ts'
import { InspectorSession, inspectorUrl } from './inspector.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../..')
const require = createRequire(import.meta.url)

/**
 * The servers compared: Roofline, the stock y-websocket server memory-only and with its own
 * persistence (y-leveldb in a fresh directory, through `YPERSISTENCE`), and Hocuspocus.
 */
export type ServerKind = 'roofline' | 'y-websocket' | 'y-websocket-leveldb' | 'hocuspocus'

/** The peers that keep documents in memory only (the storing peer is judged apart). */
export const MEMORY_ONLY_PEERS: ServerKind[] = ['y-websocket', 'hocuspocus']
/** The peer that stores every update, as Roofline does. */
export const STORING_PEER: ServerKind = 'y-websocket-leveldb'

/** A server running in its own process, pinned to its own core where `taskset` allows. */
export interface ServerUnderTest {
  kind: ServerKind
  port: number
  pid: number
  /** Resident memory of the server process, from /proc. */
  rssBytes(): number
  /** CPU time (user + system) the server process has used, in ms. */
  cpuMs(): number
  /** A DevTools session with the process (only when started with `inspect`). */
  inspector(): Promise<InspectorSession>
  stop(): Promise<void>
}

/** How to start a server under test. */
export interface ServerOptions {
  /** Start with `--inspect` on a free port, for forced GC and heap snapshots. */
  inspect?: boolean
  /** Extra environment (e.g. REDIS_URL, DATABASE_URL for a scale-out Roofline). */
  env?: Record<string, string>
  /** The data directory (Roofline); default: a fresh temporary one, removed on stop. */
  dataDir?: string
  /** Extra Node/V8 flags for the process (profiling: `--trace-gc`). */
  nodeFlags?: string[]
  /** Everything the process prints, as it comes (e.g. `--trace-gc` lines). */
  onOutput?: (text: string) => void
  /** The checkout whose Roofline server runs (A/B comparisons, see abCpu.ts); default: this one. */
  root?: string
}

/**
 * The checkout whose Roofline server runs when a step gives no `root`: this one, or
 * `ROOFLINE_BENCH_ROOT` (a worktree of another commit, `pnpm install`ed), so that this
 * harness, with its figures, can measure an older server interleaved with this one.
 */
const ROOFLINE_ROOT = process.env.ROOFLINE_BENCH_ROOT || repoRoot

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
/** Whether `taskset` can pin processes to cores here. */
export const TASKSET = hasTaskset()

/** Core 1 for servers, core 0 for the load generator (set by the runner), when there are two. */
export const SERVER_CORE = '1'

/**
 * The niceness the benchmark's processes ask for: ahead of whatever else the machine runs, so
 * other work delays the generator and the servers less. Only root may raise priority; when
 * `nice` refuses, the processes run at the normal priority.
 */
export const BENCH_NICENESS = '-10'

/** Already running raised (the runner re-executes itself so): children inherit it. */
const ALREADY_RAISED = getPriority() <= Number(BENCH_NICENESS)

function canRaisePriority(): boolean {
  if (ALREADY_RAISED) return true
  try {
    execFileSync('nice', ['-n', BENCH_NICENESS, 'true'], { stdio: 'ignore' })
    return execFileSync('nice', ['-n', BENCH_NICENESS, 'nice']).toString().trim() === BENCH_NICENESS
  } catch {
    return false
  }
}
/** Whether the benchmark's processes run at raised priority. */
export const RAISED_PRIORITY = canRaisePriority()

/**
 * A command line that runs `argv` on `core` (when taskset exists) at raised priority (when
 * allowed). `nice` and `taskset` each exec the next program, so the process id is node's.
 */
export function pinnedCommand(core: string, argv: string[]): string[] {
  const pinned = TASKSET ? ['taskset', '-c', core, ...argv] : argv
  return RAISED_PRIORITY && !ALREADY_RAISED ? ['nice', '-n', BENCH_NICENESS, ...pinned] : pinned
}

function launch(args: string[], env: Record<string, string>): ChildProcess {
  const [command = process.execPath, ...rest] = pinnedCommand(SERVER_CORE, [process.execPath, ...args])
  return spawn(command, rest, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Everything a child printed so far (bounded), for start-up lines and error messages. */
function captureOutput(child: ChildProcess, onOutput?: (text: string) => void): () => string {
  let output = ''
  const add = (chunk: Buffer) => {
    onOutput?.(chunk.toString())
    output = (output + chunk.toString()).slice(-64 * 1024)
  }
  child.stdout?.on('data', add)
  child.stderr?.on('data', add)
  return () => output
}

async function waitFor<T>(
  child: ChildProcess,
  output: () => string,
  find: (text: string) => T | null,
): Promise<T> {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const found = find(output())
    if (found !== null) return found
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`server did not start:\n${output()}`)
}

const matching = (pattern: RegExp) => (text: string) => pattern.exec(text)

/** Resident memory and CPU time (user + system) of process `pid`, from /proc. */
export function procStat(pid: number): { rssBytes: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100/s).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0)
  return { rssBytes: rssKb * 1024, cpuMs: (ticks * 1000) / 100 }
}

/**
 * Bytes process `pid` has passed to write-like system calls (`wchar` of /proc/<pid>/io):
 * socket writes included, so around a join it counts what the server sent.
 */
export function procWrittenBytes(pid: number): number {
  return Number(/wchar:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0)
}

/** A port nothing listens on now (the stock y-websocket server cannot pick its own). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** Starts a fresh server of `kind` on a free port; Roofline gets an empty data directory. */
export async function startServerUnderTest(
  kind: ServerKind,
  options: ServerOptions = {},
): Promise<ServerUnderTest> {
  let child: ChildProcess
  let port: number
  let cleanup = () => {}
  const nodeFlags = [...(options.inspect ? ['--inspect=127.0.0.1:0'] : []), ...(options.nodeFlags ?? [])]
  // Extra Node/V8 flags for one kind's process, for experiments (not used by `pnpm bench`).
  const extra = process.env[`ROOFLINE_BENCH_FLAGS_${kind.toUpperCase().replaceAll('-', '_')}`]
  if (extra) nodeFlags.push(...extra.split(' ').filter(Boolean))
  let output: () => string
  if (kind === 'roofline') {
    const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'roofline-bench-'))
    if (!options.dataDir) cleanup = () => rmSync(dataDir, { recursive: true, force: true })
    const root = options.root ?? ROOFLINE_ROOT
    // Started as users start it: with the flags of its own start script (that checkout's, in an
    // A/B), then the bench's own (inspect, trace-gc, experiments), which win when they repeat one.
    child = launch([...serverNodeFlags(root), ...nodeFlags, path.join(root, 'server/src/main.ts')], {
      PORT: '0',
      ROOFLINE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Rooms unload soon after their clients leave, so memory is measured, not cached rooms.
      ROOFLINE_ROOM_IDLE_MS: '2000',
      ROOFLINE_MAX_MESSAGES_PER_SECOND: '100000',
      // The bench creates a session per room, from one address.
      ROOFLINE_CREATIONS_PER_HOUR: '1000000',
      // The bench writes whole session logs through one connection: no per-connection budgets.
      ROOFLINE_MAX_BYTES_PER_SECOND: String(1024 ** 3),
      ROOFLINE_MAX_CPU_MS_PER_SECOND: '1000',
      ROOFLINE_MAX_ROOM_BYTES: String(1024 ** 3),
      ROOFLINE_MAX_CONNECTIONS_PER_ADDRESS: '1000000',
      ROOFLINE_ADDRESS_CPU_MS_PER_SECOND: '100000',
      ROOFLINE_DURABILITY_PROBE: '1',
      ...options.env,
    })
    output = captureOutput(child, options.onOutput)
    const match = await waitFor(child, output, matching(/"url":"http:\/\/127\.0\.0\.1:(\d+)"/))
    port = Number(match[1])
  } else if (kind === 'y-websocket' || kind === 'y-websocket-leveldb') {
    port = await freePort()
    const storing: Record<string, string> = {}
    if (kind === 'y-websocket-leveldb') {
      const dbDir = mkdtempSync(path.join(tmpdir(), 'y-leveldb-bench-'))
      storing.YPERSISTENCE = dbDir
      cleanup = () => rmSync(dbDir, { recursive: true, force: true })
    }
    const script = path.join(
      path.dirname(require.resolve('@y/websocket-server/package.json')),
      'src/server.js',
    )
    child = launch([...nodeFlags, script], {
      HOST: '127.0.0.1',
      PORT: String(port),
      ...storing,
      ...options.env,
    })
    output = captureOutput(child, options.onOutput)
    await waitFor(child, output, matching(/running at/))
  } else {
    child = launch([...nodeFlags, path.join(here, 'peers/hocuspocusServer.ts')], {
      PORT: '0',
      ...options.env,
    })
    output = captureOutput(child, options.onOutput)
    const match = await waitFor(child, output, matching(/listening (\d+)/))
    port = Number(match[1])
  }
  // Under taskset the child is taskset's exec'd node: same pid.
  const pid = child.pid
  if (!pid) throw new Error(`${kind}: no pid`)
  let session: Promise<InspectorSession> | null = null
  return {
    kind,
    port,
    pid,
    rssBytes: () => procStat(pid).rssBytes,
    cpuMs: () => procStat(pid).cpuMs,
    inspector() {
      if (!options.inspect) throw new Error(`${kind} was not started with inspect`)
      session ??= waitFor(child, output, inspectorUrl).then((url) => InspectorSession.connect(url))
      return session
    },
    async stop() {
      if (session) (await session.catch(() => null))?.close()
      // The benchmark measures nothing after a step, and its data is thrown away: a graceful
      // shutdown (Roofline stores every room first) would only add seconds to the run.
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGKILL')
        await exited
      }
      cleanup()
    },
  }
}
