import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

// Each stock provider listens for the process's 'exit'; tests run hundreds of them.
process.setMaxListeners(Math.max(process.getMaxListeners(), 1000))

/** A stock y-websocket client in Node, as a browser would run it. */
export interface YClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves once the client has synced with the server. */
  synced: Promise<void>
  destroy(): void
}

/**
 * Connects the stock `WebsocketProvider` to `wsUrl/<room>`, with `params` as query parameters.
 *
 * @example const client = connectClient(server.wsUrl, 'room-1'); await client.synced
 */
export function connectClient(
  wsUrl: string,
  room: string,
  options: { params?: Record<string, string>; connect?: boolean } = {},
): YClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: options.params ?? {},
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: 200,
  })
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) return resolve()
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return
      provider.off('sync', onSync)
      resolve()
    }
    provider.on('sync', onSync)
  })
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Polls `predicate` until it holds, failing after `timeoutMs` with `message`. */
export async function waitFor(predicate: () => boolean, message: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** A board-like record map in the doc, as the client writes tldraw records. */
export function records(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('test-records')
}
