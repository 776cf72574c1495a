import { existsSync } from 'node:fs'

/**
 * Chromium from the system (Debian's package here): Playwright's own browser download is not
 * available on every machine. `ROOFLINE_CHROMIUM` points at another browser binary.
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.ROOFLINE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  return candidates.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate)))
}

/** Flags for a browser launched by a test or benchmark on a shared, sandboxless machine. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
