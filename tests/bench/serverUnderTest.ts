import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../..')
const require = createRequire(import.meta.url)

/** The servers compared. */
export type ServerKind = 'roofline' | 'y-websocket' | 'hocuspocus'

/** A server running in its own process, pinned to its own core where `taskset` allows. */
export interface ServerUnderTest {
  kind: ServerKind
  port: number
  pid: number
  /** Resident memory of the server process, from /proc. */
  rssBytes(): number
  /** CPU time (user + system) the server process has used, in ms. */
  cpuMs(): number
  stop(): Promise<void>
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Core 1 for servers, core 0 for the load generator (set by the runner), when there are two. */
const SERVER_CORE = '1'

function launch(args: string[], env: Record<string, string>): ChildProcess {
  const command = hasTaskset() ? 'taskset' : process.execPath
  const fullArgs = hasTaskset() ? ['-c', SERVER_CORE, process.execPath, ...args] : args
  return spawn(command, fullArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
}

async function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = pattern.exec(output)
      if (match) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        resolve(match)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
  })
}

function procStat(pid: number): { rssBytes: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0)
  return { rssBytes: rssKb * 1024, cpuMs: (ticks * 1000) / 100 }
}

/** Starts a fresh server of `kind` on a free port; Roofline gets an empty data directory. */
export async function startServerUnderTest(kind: ServerKind): Promise<ServerUnderTest> {
  let child: ChildProcess
  let port: number
  let cleanup = () => {}
  if (kind === 'roofline') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'roofline-bench-'))
    cleanup = () => rmSync(dataDir, { recursive: true, force: true })
    child = launch(['--expose-gc', path.join(repoRoot, 'server/src/main.ts')], {
      PORT: '0',
      ROOFLINE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Rooms unload soon after their clients leave, so memory is measured, not cached rooms.
      ROOFLINE_ROOM_IDLE_MS: '2000',
      ROOFLINE_MAX_MESSAGES_PER_SECOND: '100000',
    })
    child.stdout?.setEncoding('utf8')
    const match = await waitForLine(child, /"url":"http:\/\/127\.0\.0\.1:(\d+)"/)
    port = Number(match[1])
  } else if (kind === 'y-websocket') {
    port = 20_000 + Math.floor(Math.random() * 20_000)
    const script = path.join(
      path.dirname(require.resolve('@y/websocket-server/package.json')),
      'src/server.js',
    )
    child = launch([script], { HOST: '127.0.0.1', PORT: String(port) })
    await waitForLine(child, /running at/)
  } else {
    child = launch([path.join(here, 'peers/hocuspocusServer.ts')], { PORT: '0' })
    const match = await waitForLine(child, /listening (\d+)/)
    port = Number(match[1])
  }
  const pid = await childPid(child, kind)
  return {
    kind,
    port,
    pid,
    rssBytes: () => procStat(pid).rssBytes,
    cpuMs: () => procStat(pid).cpuMs,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
      if (child.exitCode === null) child.kill('SIGKILL')
      cleanup()
    },
  }
}

/** Under taskset the child is taskset's exec'd node: same pid. */
async function childPid(child: ChildProcess, kind: ServerKind): Promise<number> {
  if (!child.pid) throw new Error(`${kind}: no pid`)
  return child.pid
}
