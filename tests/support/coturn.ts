import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** A coturn TURN server on loopback, started for a test. */
export interface Coturn {
  /** TURN URLs to configure (`ROOFLINE_TURN_URLS`), UDP and TCP. */
  urls: string[]
  port: number
  /** Everything coturn logged so far (its log goes to stdout). */
  log(): string
  /** Allocations coturn reported created so far (from its log). */
  allocations(): number
  stop(): Promise<void>
}

/** The message when coturn is missing: the project's script installs it. */
export const COTURN_MISSING =
  'coturn (turnserver) is not installed: run scripts/ensureCoturn.sh (or ./roofline test, which runs it)'

/** Whether `turnserver` is on PATH. */
export function coturnInstalled(): boolean {
  return spawnSync('turnserver', ['--version'], { stdio: 'ignore' }).status === 0
}

/**
 * Starts coturn on 127.0.0.1:`port` with coturn's shared-secret scheme (`use-auth-secret`,
 * `static-auth-secret=secret`): it accepts exactly the short-lived credentials a Roofline
 * server signs with the same secret. It relays on loopback (`allow-loopback-peers`) through
 * ports `relayPorts` (default port+1 … port+10), no TLS, no CLI, no database of users.
 * Resolves once coturn listens; rejects with its log if it exits first.
 *
 * @example const turn = await startCoturn({ port: 3479, secret: 'a-test-secret-of-16+' })
 */
export async function startCoturn(options: {
  port: number
  secret: string
  relayPorts?: [number, number]
}): Promise<Coturn> {
  if (!coturnInstalled()) throw new Error(COTURN_MISSING)
  const { port, secret } = options
  const [minPort, maxPort] = options.relayPorts ?? [port + 1, port + 10]
  // coturn writes a pid file and may write a database file: keep them out of the source tree.
  const dir = mkdtempSync(path.join(tmpdir(), 'roofline-coturn-'))
  const child: ChildProcess = spawn(
    'turnserver',
    [
      '-n',
      `--listening-ip=127.0.0.1`,
      `--relay-ip=127.0.0.1`,
      `--listening-port=${port}`,
      `--min-port=${minPort}`,
      `--max-port=${maxPort}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=roofline.test',
      '--allow-loopback-peers',
      '--fingerprint',
      '--no-cli',
      '--no-tls',
      '--no-dtls',
      '--no-multicast-peers',
      '--log-file=stdout',
      '--simple-log',
      '--verbose',
      `--pidfile=${path.join(dir, 'turnserver.pid')}`,
      `--userdb=${path.join(dir, 'turndb')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout?.on('data', (data: Buffer) => {
    output += data.toString()
  })
  child.stderr?.on('data', (data: Buffer) => {
    output += data.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const deadline = Date.now() + 10_000
  while (
    !/Total (UDP|General) servers|relay 127\.0\.0\.1 initialization done|IPv4\. UDP listener opened on : 127\.0\.0\.1:/.test(
      output,
    )
  ) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true })
      throw new Error(`coturn exited (${child.exitCode}):\n${output.slice(-2000)}`)
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
      throw new Error(`coturn did not start listening within 10 s:\n${output.slice(-2000)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
    port,
    log: () => output,
    allocations: () => output.match(/ALLOCATE processed, success/g)?.length ?? 0,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 2000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
