import { createWriteStream } from 'node:fs'
import WebSocket from 'ws'

/**
 * A Chrome DevTools Protocol session with a server process started with
 * `--inspect=127.0.0.1:0`. The benchmark uses it to force a full garbage collection in every
 * server alike (Roofline and the peers), so memory is compared after GC without any server
 * exposing a GC endpoint, and to take heap snapshots when hunting where memory goes.
 */
export class InspectorSession {
  readonly #socket: WebSocket
  #nextId = 1
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  readonly #chunks: Array<(chunk: string) => void> = []

  private constructor(socket: WebSocket) {
    this.#socket = socket
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as {
        id?: number
        result?: unknown
        error?: { message: string }
        method?: string
        params?: { chunk?: string }
      }
      if (message.method === 'HeapProfiler.addHeapSnapshotChunk' && message.params?.chunk) {
        for (const onChunk of this.#chunks) onChunk(message.params.chunk)
        return
      }
      const waiter = message.id === undefined ? undefined : this.#pending.get(message.id)
      if (!waiter || message.id === undefined) return
      this.#pending.delete(message.id)
      if (message.error) waiter.reject(new Error(message.error.message))
      else waiter.resolve(message.result)
    })
  }

  /** Connects to the inspector at `url` (the `ws://...` of the "Debugger listening on" line). */
  static async connect(url: string): Promise<InspectorSession> {
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 })
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    return new InspectorSession(socket)
  }

  /** Sends one protocol command and resolves with its result. */
  send(method: string, params: object = {}): Promise<unknown> {
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#socket.send(JSON.stringify({ id, method, params }))
    })
  }

  /** A full, compacting garbage collection in the inspected process. */
  async collectGarbage(): Promise<void> {
    await this.send('HeapProfiler.collectGarbage')
  }

  /** Writes a heap snapshot (Chrome's `.heapsnapshot` format) to `file`. */
  async writeHeapSnapshot(file: string): Promise<void> {
    const out = createWriteStream(file)
    const onChunk = (chunk: string) => out.write(chunk)
    this.#chunks.push(onChunk)
    try {
      await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
    } finally {
      this.#chunks.splice(this.#chunks.indexOf(onChunk), 1)
      await new Promise<void>((resolve) => out.end(resolve))
    }
  }

  /** Ends the session. */
  close(): void {
    this.#socket.close()
  }
}

/** The inspector URL printed on stderr by `node --inspect`, once it appears in `output`. */
export function inspectorUrl(output: string): string | null {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1] ?? null
}
