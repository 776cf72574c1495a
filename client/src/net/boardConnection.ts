import { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

/** What the connection badge shows. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline'

/** A live connection to one room's document. The only place the board talks to the network. */
export interface BoardConnection {
  readonly doc: Y.Doc
  readonly awareness: Awareness
  /** Resolves after the first full sync with the server. */
  readonly synced: Promise<void>
  /** Current state; `onState` tells of every change. */
  state(): ConnectionState
  onState(listener: (state: ConnectionState) => void): () => void
  destroy(): void
}

/** Where the server's Yjs endpoint is, seen from this page. */
export function yjsServerUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`
}

/**
 * Opens the room's document over y-websocket. Edits made while disconnected stay in the local
 * doc and are merged by the sync handshake when the connection comes back.
 *
 * @example const connection = connectBoard({ roomId: 'abc' }); await connection.synced
 */
export function connectBoard(options: {
  roomId: string
  token?: string
  serverUrl?: string
}): BoardConnection {
  const doc = new Y.Doc()
  const awareness = new Awareness(doc)
  const params: Record<string, string> = options.token ? { token: options.token } : {}
  const provider = new WebsocketProvider(options.serverUrl ?? yjsServerUrl(), options.roomId, doc, {
    awareness,
    params,
    maxBackoffTime: 2500,
  })
  const listeners = new Set<(state: ConnectionState) => void>()
  let everConnected = false
  let current: ConnectionState = 'connecting'

  const update = () => {
    let next: ConnectionState
    if (provider.wsconnected) next = 'connected'
    else if (!navigator.onLine) next = 'offline'
    else next = everConnected ? 'reconnecting' : 'connecting'
    if (next === current) return
    current = next
    for (const listener of listeners) listener(next)
  }
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') everConnected = true
    update()
  })
  window.addEventListener('online', update)
  window.addEventListener('offline', update)

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
    awareness,
    synced,
    state: () => current,
    onState(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    destroy() {
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
      listeners.clear()
      provider.destroy()
      awareness.destroy()
      doc.destroy()
    },
  }
}
