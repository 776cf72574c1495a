/**
 * Whether a service the tests need (PostgreSQL, Redis) answers `probe`. When it does not: with
 * `CI=true` this throws (a CI run must not pass without it); otherwise it prints a loud warning
 * and answers false, so the caller skips the tests that need it.
 *
 * @example
 * const ok = await requiredService('Redis', url, 'ROOFLINE_TEST_REDIS_URL', () => ping(url))
 */
export async function requiredService(
  name: string,
  url: string,
  envVar: string,
  probe: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await probe()
    return true
  } catch (error) {
    const reason = `${name} at ${new URL(url).host} is not reachable (${(error as Error).message})`
    if (process.env.CI === 'true') throw new Error(`${reason}; CI=true requires it`)
    process.stderr.write(`\n!!! SKIPPING ${name} tests: ${reason}. Set ${envVar} or start it.\n\n`)
    return false
  }
}
