import type { FastifyInstance } from 'fastify'

/** One dependency the server needs to serve traffic (storage, later Redis), and how to ask it. */
export interface ReadinessCheck {
  /** Short name, shown in the answer: `storage`, `redis`. */
  name: string
  /** Resolves when the dependency answers; rejects (or takes too long) when it does not. */
  check(): Promise<void>
}

/** How long one check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 2000

/** Runs one check; resolves with null when it passed, or with why it did not. */
async function failureOf(check: ReadinessCheck): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)
  })
  try {
    await Promise.race([check.check(), timeout])
    return null
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  } finally {
    clearTimeout(timer)
  }
}

/**
 * `GET /api/ready`: 200 `{ready: true, checks}` when every check passes, otherwise 503
 * `{ready: false, reason, checks}`, `reason` naming each failed check and its error. A load
 * balancer sends traffic only to ready processes; `/api/health` stays the liveness probe.
 * Checks run in parallel, each bounded by a timeout, so a hung dependency answers 503, not nothing.
 *
 * @example registerReadiness(app, [{ name: 'storage', check: () => storage.ping() }])
 */
export function registerReadiness(app: FastifyInstance, checks: readonly ReadinessCheck[]): void {
  app.get('/api/ready', async (_request, reply) => {
    const failures = await Promise.all(checks.map(failureOf))
    const results = Object.fromEntries(checks.map((check, i) => [check.name, failures[i] ?? 'ok']))
    const failed = checks.flatMap((check, i) => (failures[i] ? [`${check.name}: ${failures[i]}`] : []))
    if (failed.length === 0) return { ready: true, checks: results }
    app.log.warn({ reason: 'not ready', failed }, 'readiness check failed')
    return reply.code(503).send({ ready: false, reason: failed.join('; '), checks: results })
  })
}
