import { afterEach } from 'vitest'
import { makeDataDir, removeDataDir, type ServerProcess, startServerProcess } from './serverProcess.ts'
import { connectClient, type YClient } from './yClient.ts'

/** Starts server processes and Yjs clients for one test file and ends them after each test. */
export interface ProcessFixture {
  /** A fresh data directory, removed after the test. */
  dataDir(): string
  /** A server process on `dataDir` with the fixture's environment plus `env`. */
  start(dataDir: string, env?: Record<string, string>): Promise<ServerProcess>
  /** A Yjs client of `server` in `room` (with `params` as query parameters), destroyed after the test. */
  client(server: ServerProcess, room: string, params?: Record<string, string>): YClient
}

/**
 * Registers an `afterEach` that destroys every client, SIGKILLs every server process and
 * removes every data directory the test made, so a failing test leaves nothing running.
 * Call it inside a `describe` (or at the top of a file); `baseEnv` goes to every process.
 *
 * @example
 * const fixture = useServerProcesses({ ROOFLINE_SNAPSHOT_EVERY: '50' })
 * const server = await fixture.start(fixture.dataDir())
 * const writer = fixture.client(server, 'room-1')
 */
export function useServerProcesses(baseEnv: Record<string, string> = {}): ProcessFixture {
  const servers: ServerProcess[] = []
  const clients: YClient[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.stop('SIGKILL')
    for (const d of dirs.splice(0)) removeDataDir(d)
  })
  return {
    dataDir() {
      const dir = makeDataDir()
      dirs.push(dir)
      return dir
    },
    async start(dataDir, env = {}) {
      const server = await startServerProcess(dataDir, { ...baseEnv, ...env })
      servers.push(server)
      return server
    },
    client(server, room, params) {
      const c = connectClient(server.wsUrl, room, params ? { params } : {})
      clients.push(c)
      return c
    },
  }
}
