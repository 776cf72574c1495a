/**
 * The worker thread of `WalCheckpointer`: its own connection to the SQLite file, which copies
 * the write-ahead log into the database every `intervalMs` (a PASSIVE checkpoint: it never
 * waits for, nor blocks, the server's writes) until told to stop.
 *
 * Plain JavaScript on purpose: a worker is an isolate of its own, and one whose entry is a
 * `.ts` file loads Node's type stripper into it too. That took ~17 MB of resident memory for
 * these thirty lines (a worker on a `.ts` entry 35 MB, on a `.js` one 18.5 MB, measured alone).
 */
import { constants, setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

// Background work: it yields the core to the thread that relays updates. On Linux the nice
// value belongs to the thread, so this lowers this worker only; where it cannot, it runs as is.
try {
  setPriority(constants.priority.PRIORITY_LOW)
} catch {}

/** @type {{ file: string, intervalMs: number }} */
const { file, intervalMs } = workerData
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
