import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createScratchSchema } from '@roofline/server'
import { type ServerOptions, type ServerUnderTest, startServerUnderTest } from './serverUnderTest.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** Where the scale-out variant finds its services (the same defaults as the tests). */
const REDIS_URL = process.env.ROOFLINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Roofline processes sharing one PostgreSQL schema (and, with two or more, one Redis). */
export interface ScaleOutServers {
  servers: ServerUnderTest[]
  stop(): Promise<void>
}

/**
 * Why the scale-out variant cannot run here, or null when it can: it needs Roofline's Redis
 * fan-out, Redis and PostgreSQL (two processes cannot share one SQLite file's log).
 */
export async function scaleOutUnavailable(): Promise<string | null> {
  if (!existsSync(path.join(repoRoot, 'server/src/cluster/redisFanout.ts'))) {
    return 'Roofline has no Redis fan-out (server/src/cluster/redisFanout.ts) in this checkout'
  }
  const { testDatabaseAvailable } = await import('@roofline/server')
  if (!(await testDatabaseAvailable().catch(() => false))) return 'PostgreSQL is not reachable'
  const { createClient } = await import('redis')
  const client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 2000 } })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.ping()
    return null
  } catch (error) {
    return `Redis is not reachable at ${REDIS_URL} (${(error as Error).message})`
  } finally {
    if (client.isOpen) await client.quit()
  }
}

/**
 * Starts `processes` Roofline processes on one fresh PostgreSQL schema; with more than one,
 * they share rooms over Redis (a channel prefix of their own). One process on the same
 * schema is the baseline the two are compared with.
 */
export async function startScaleOut(
  processes: number,
  /** Options of process `index` (profiling: `inspect`, `nodeFlags`, `onOutput`); its `env` is added to. */
  options: (index: number) => ServerOptions = () => ({}),
): Promise<ScaleOutServers> {
  const schema = await createScratchSchema()
  const env: Record<string, string> = { DATABASE_URL: schema.url }
  if (processes > 1) {
    env.REDIS_URL = REDIS_URL
    env.ROOFLINE_REDIS_PREFIX = `roofline-bench-${schema.name}:`
  }
  const servers: ServerUnderTest[] = []
  try {
    for (let i = 0; i < processes; i++) {
      const own = options(i)
      servers.push(await startServerUnderTest('roofline', { ...own, env: { ...own.env, ...env } }))
    }
  } catch (error) {
    for (const server of servers) await server.stop()
    await schema.drop()
    throw error
  }
  return {
    servers,
    async stop() {
      for (const server of servers) await server.stop()
      await schema.drop()
    },
  }
}
