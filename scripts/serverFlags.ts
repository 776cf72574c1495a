/**
 * The Node/V8 flags Roofline's server runs with, read from the one place they are written:
 * `scripts.start` of server/package.json (`node <flags> src/main.ts`). The root `pnpm start`,
 * `pnpm dev`, the README's deployment command and the benchmark all start the server with these
 * same flags (`serverFlags.test.ts` holds the copies that are plain text to this list), so what
 * the benchmark measures is what users run.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'

/** The flags between `node` and `src/main.ts` in `<root>/server/package.json`'s start script. */
export function serverNodeFlags(root: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(root, 'server/package.json'), 'utf8')) as {
    scripts?: { start?: string }
  }
  const words = (manifest.scripts?.start ?? '').trim().split(/\s+/)
  if (words[0] !== 'node' || words.at(-1) !== 'src/main.ts') {
    throw new Error(
      `server/package.json: start must read "node [flags] src/main.ts", not "${manifest.scripts?.start}"`,
    )
  }
  return words.slice(1, -1)
}
