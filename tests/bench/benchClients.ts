import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { ServerKind } from './serverUnderTest.ts'

/**
 * The `ws` client every simulated participant uses. Client frames must be masked, and `ws`
 * draws each mask from the system's random source; a fixed mask costs the generator nothing
 * and changes nothing the server does (it unmasks every frame alike), so hundreds of
 * clients cost the generator less of the core it shares with nothing else.
 */
class BenchWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { generateMask: (mask) => mask.fill(0x5a) })
  }
}

/** A shape record as tldraw writes it, with the sender's send time in `meta`. */
export interface BenchRecord {
  id: string
  typeName: 'shape'
  type: 'geo'
  x: number
  y: number
  rotation: number
  index: string
  parentId: string
  isLocked: boolean
  opacity: number
  props: Record<string, unknown>
  meta: { sentAt: number; sender: number }
}

/** One simulated participant: a doc, a provider of the server's kind, and the board's record map. */
export interface BenchClient {
  doc: Y.Doc
  records: YKeyValue<BenchRecord>
  synced: Promise<void>
  destroy(): void
}

/** How a client reaches a room: the URL base, and for Roofline the room's token. */
export interface RoomAddress {
  kind: ServerKind
  port: number
  room: string
  token?: string
}

/** Connects one client the way each server's own users connect: stock y-websocket or Hocuspocus's provider. */
export function connectBenchClient(address: RoomAddress): BenchClient {
  const doc = new Y.Doc()
  const records = new YKeyValue<BenchRecord>(doc.getArray<{ key: string; val: BenchRecord }>('tl_records'))
  if (address.kind === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({
      url: `ws://127.0.0.1:${address.port}`,
      WebSocketPolyfill: BenchWebSocket,
    })
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: address.room, document: doc })
    provider.attach()
    const synced = new Promise<void>((resolve) => {
      if (provider.isSynced) return resolve()
      provider.on('synced', () => resolve())
    })
    return {
      doc,
      records,
      synced,
      destroy() {
        provider.destroy()
        socket.destroy()
        doc.destroy()
      },
    }
  }
  const base =
    address.kind === 'roofline' ? `ws://127.0.0.1:${address.port}/yjs` : `ws://127.0.0.1:${address.port}`
  const provider = new WebsocketProvider(base, address.room, doc, {
    WebSocketPolyfill: BenchWebSocket as unknown as typeof globalThis.WebSocket,
    params: address.token ? { token: address.token } : {},
    disableBc: true,
  })
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) return resolve()
    const onSync = (isSynced: boolean) => {
      if (isSynced) {
        provider.off('sync', onSync)
        resolve()
      }
    }
    provider.on('sync', onSync)
  })
  return {
    doc,
    records,
    synced,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** A tldraw-like geo shape record, ~400 bytes as JSON. */
export function shapeRecord(id: string, step: number, sender: number, sentAt: number): BenchRecord {
  return {
    id,
    typeName: 'shape',
    type: 'geo',
    x: 100 + (step % 500) * 3,
    y: 80 + (step % 300) * 2,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    props: {
      geo: 'rectangle',
      w: 160,
      h: 100,
      color: 'black',
      fill: 'none',
      dash: 'draw',
      size: 'm',
      font: 'draw',
    },
    meta: { sentAt, sender },
  }
}

/**
 * Creates Roofline sessions to use as rooms (auth, persistence and recording on), returning
 * each session id with its interviewer token.
 */
export async function createRooflineRooms(
  port: number,
  count: number,
): Promise<Array<{ room: string; token: string }>> {
  const rooms: Array<{ room: string; token: string }> = []
  for (let i = 0; i < count; i++) {
    const response = await fetch(`http://127.0.0.1:${port}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    const { id, links } = (await response.json()) as { id: string; links: { interviewer: string } }
    rooms.push({ room: id, token: /#token=([^&]+)/.exec(links.interviewer)?.[1] ?? '' })
  }
  return rooms
}
