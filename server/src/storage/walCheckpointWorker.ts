/**
 * The worker thread of `WalCheckpointer`: its own connection to the SQLite file, which copies
 * the write-ahead log into the database every `intervalMs` (a PASSIVE checkpoint: it never
 * waits for, nor blocks, the server's writes) until told to stop.
 */
import { constants, setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

// Background work: it yields the core to the thread that relays updates. On Linux the nice
// value belongs to the thread, so this lowers this worker only; where it cannot, it runs as is.
try {
  setPriority(constants.priority.PRIORITY_LOW)
} catch {}

const { file, intervalMs } = workerData as { file: string; intervalMs: number }
const db = new Database(file, { timeout: 0 })

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // Busy or out of space: the next turn tries again; the server's own writes report errors.
  }
}, intervalMs)

parentPort?.once('message', () => {
  clearInterval(timer)
  db.close()
  parentPort?.close()
})
