/**
 * `pnpm dev`: the server (restarted on change by `node --watch`) and Vite's dev server with hot
 * reload, which forwards /api and /yjs to it. Open http://127.0.0.1:5173.
 */
import { spawn } from 'node:child_process'

const children = [
  spawn(process.execPath, ['--watch', 'server/src/main.ts'], { stdio: 'inherit' }),
  spawn('pnpm', ['--filter', '@roofline/client', 'dev'], { stdio: 'inherit' }),
]
const stop = () => {
  for (const child of children) child.kill('SIGTERM')
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const child of children) child.on('exit', stop)
