import WebSocket from 'ws'
import type { Closed } from './rawYjs.ts'
import type { ServerProcess } from './serverProcess.ts'
import { connectClient, waitFor } from './yClient.ts'

/** How the server answered `GET /api/health` after an attack. */
export interface HealthAfter {
  /** Milliseconds until it answered (or gave up). */
  ms: number
  /** Its HTTP status, or 0 when it did not answer (crashed, or stalled past the wait). */
  status: number
  /** Whether the process had exited by then. */
  exited: boolean
}

/**
 * Times `GET /api/health`, waiting at most `maxMs`: how long an attack stalled the server, or
 * that it took it down. The figures in the report come from here.
 */
export async function healthAfter(server: ServerProcess, maxMs = 30_000): Promise<HealthAfter> {
  const started = performance.now()
  let status = 0
  try {
    status = (await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(maxMs) })).status
  } catch {
    status = 0
  }
  const exited = server.child.exitCode !== null || server.child.signalCode !== null
  return { ms: Math.round(performance.now() - started), status, exited }
}

/**
 * Polls `GET /api/health` every `everyMs` until `stop()` is called: the slowest answer while an
 * attack runs, which is what other rooms feel (a check after the attack sees a server that
 * already caught up).
 */
export function healthDuring(server: ServerProcess, everyMs = 50): { stop(): Promise<number> } {
  let running = true
  let slowest = 0
  const polling = (async () => {
    while (running) {
      const { ms } = await healthAfter(server, 10_000)
      slowest = Math.max(slowest, ms)
      await new Promise((resolve) => setTimeout(resolve, everyMs))
    }
  })()
  return {
    async stop() {
      running = false
      await polling
      return slowest
    },
  }
}

/**
 * Round trips of `writes` record writes between two stock clients of `room`: milliseconds
 * from a write to its arrival at the other client, sorted. The second room that must keep
 * syncing whatever happens in the attacked one.
 */
export async function syncLatencies(server: ServerProcess, room: string, writes = 100): Promise<number[]> {
  const writer = connectClient(server.wsUrl, room)
  const reader = connectClient(server.wsUrl, room)
  try {
    await Promise.all([writer.synced, reader.synced])
    const latencies: number[] = []
    // A root type of the real board (the calculators' map): allowed under any configuration.
    const map = reader.doc.getMap<number>('calc')
    // A few unmeasured writes first: the first round trips of fresh clients pay for JIT warm-up.
    for (let i = -WARM_UP; i < writes; i++) {
      const key = `probe-${Date.now()}-${i}`
      const arrived = new Promise<void>((resolve) => {
        const seen = () => {
          if (!map.has(key)) return
          map.unobserve(seen)
          resolve()
        }
        map.observe(seen)
      })
      const started = performance.now()
      writer.doc.getMap<number>('calc').set(key, i)
      await arrived
      if (i >= 0) latencies.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    return latencies.sort((a, b) => a - b)
  } finally {
    writer.destroy()
    reader.destroy()
  }
}

/** Unmeasured writes before `syncLatencies` measures. */
const WARM_UP = 5

/** The `p`-th percentile (0-100) of sorted `values`. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

/** Waits until the server has logged a warning or error whose `msg` and `reason` match. */
export async function refusalLogged(
  server: ServerProcess,
  msg: RegExp,
  reason: RegExp,
  timeoutMs = 5000,
): Promise<void> {
  await waitFor(
    () =>
      server
        .logs()
        .some((line) => line.level >= 40 && msg.test(line.msg) && reason.test(String(line.reason))),
    `a log line ${msg} with reason ${reason}`,
    timeoutMs,
  )
}

/**
 * Opens a raw socket.io connection and sends the namespace connect packet with `authJson`
 * (JSON text, so a test can send what `JSON.stringify` itself could not build). Resolves with
 * the server's answer packet ("40..." admitted, "44..." refused) or how the connection ended.
 */
export async function controlHandshake(url: string, authJson: string): Promise<string | Closed> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`)
  socket.on('error', () => {})
  const closed = new Promise<Closed>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  const answer = new Promise<string>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const text = data.toString()
      if (text.startsWith('0{')) socket.send(`40${authJson}`)
      else if (text.startsWith('40') || text.startsWith('44')) resolve(text)
    })
  })
  const timeout = new Promise<Closed>((resolve) =>
    setTimeout(() => resolve({ code: 0, reason: 'no answer' }), 10_000).unref(),
  )
  const result = await Promise.race([answer, closed, timeout])
  socket.terminate()
  return result
}
