import { randomBytes } from 'node:crypto'
import { requiredService } from '@roofline/server'
import { createClient } from 'redis'

/** The Redis tests use. */
export const testRedisUrl = process.env.ROOFLINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A key prefix of its own for one test run, so parallel runs never see each other's channels. */
export function uniqueRedisPrefix(): string {
  return `roofline-test-${randomBytes(6).toString('hex')}:`
}

/**
 * Whether the test Redis answers. When it does not: with `CI=true` this throws (a CI run must
 * not pass without Redis); otherwise it prints a loud warning and answers false, so the
 * caller skips its Redis tests.
 */
export async function testRedisAvailable(url: string = testRedisUrl): Promise<boolean> {
  const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 2000 } })
  client.on('error', () => {})
  try {
    return await requiredService('Redis', url, 'ROOFLINE_TEST_REDIS_URL', async () => {
      await client.connect()
      await client.ping()
    })
  } finally {
    if (client.isOpen) await client.close()
  }
}
