import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { TEST_SERVER_ENV } from './testServerEnv.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** A Roofline server running as its own Node process, as `pnpm start` runs it. */
export interface ServerProcess {
  url: string
  wsUrl: string
  dataDir: string
  child: ChildProcess
  /** Everything the process printed (JSON log lines). */
  output(): string
  /** The JSON log lines printed so far, parsed (anything else it printed is left out). */
  logs(): LogLine[]
  /** Sends `signal` and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** One line of the server's JSON log (pino): `level` 30 info, 40 warn, 50 error. */
export interface LogLine {
  level: number
  msg: string
  reason?: string
  [field: string]: unknown
}

/** Parses the JSON lines of `output`, skipping anything that is not one. */
export function parseLogLines(output: string): LogLine[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return []
    try {
      return [JSON.parse(line) as LogLine]
    } catch {
      return []
    }
  })
}

/** A fresh, empty data directory, removed by `removeDataDir`. */
export function makeDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'roofline-data-'))
}

/** Removes a data directory made by `makeDataDir`. */
export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/**
 * Starts `node server/src/main.ts` on a free port with `dataDir`, and resolves once it logs
 * that it is listening.
 */
export async function startServerProcess(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'server/src/main.ts')], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      ROOFLINE_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...TEST_SERVER_ENV,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000)
    const check = () => {
      const match = /"url":"(http:\/\/[^"]+)","msg":"listening"/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        child.stdout?.off('data', check)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before listening:\n${output}`))
    })
  })
  return {
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/yjs`,
    dataDir,
    child,
    output: () => output,
    logs: () => parseLogLines(output),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
