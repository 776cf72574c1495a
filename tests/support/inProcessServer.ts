import { buildServer, loadConfig, type RooflineServer } from '@roofline/server'
import { fixtureTemplates } from './fixtureTemplates.ts'
import { makeDataDir, removeDataDir } from './serverProcess.ts'
import { TEST_SERVER_ENV } from './testServerEnv.ts'

/** A real Roofline server in this process, listening on a free loopback port. */
export interface RunningServer extends RooflineServer {
  url: string
  wsUrl: string
  dataDir: string
  close(): Promise<void>
}

/**
 * Builds and starts a server on port 0 with a fresh data directory (removed on close), with
 * the fixture templates (default: `fixture-serving`) unless `builtInTemplates` is set.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: { builtInTemplates?: boolean } = {},
): Promise<RunningServer> {
  const dataDir = makeDataDir()
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    ROOFLINE_DATA_DIR: dataDir,
    ...TEST_SERVER_ENV,
    ...env,
  })
  const fixtures = { templates: fixtureTemplates, defaultId: 'fixture-serving' }
  const server = await buildServer(config, undefined, options.builtInTemplates ? undefined : fixtures)
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' })
  return {
    ...server,
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}/yjs`,
    dataDir,
    async close() {
      await server.app.close()
      removeDataDir(dataDir)
    },
  }
}
