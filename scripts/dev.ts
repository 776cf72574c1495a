/**
 * `pnpm dev`: the server (restarted on change by `node --watch`) and Vite's dev server with hot
 * reload, which forwards /api and /yjs to it. Open http://127.0.0.1:5173.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { serverNodeFlags } from './serverFlags.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const children = [
  spawn(process.execPath, ['--watch', ...serverNodeFlags(repoRoot), 'server/src/main.ts'], {
    stdio: 'inherit',
  }),
  spawn('pnpm', ['--filter', '@roofline/client', 'dev'], { stdio: 'inherit' }),
]
const stop = () => {
  for (const child of children) child.kill('SIGTERM')
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const child of children) child.on('exit', stop)
