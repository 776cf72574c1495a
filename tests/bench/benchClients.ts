import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import { YRecordMap } from '@roofline/shared'
import WebSocket from 'ws'
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
  /**
   * The records as the board's client keeps them (`YRecordMap`), made on first use. The
   * drawing load does without: it was built when the board used y-utility's YKeyValue, whose
   * observer worked out every change over the array's whole history (the generator's largest
   * cost, 15% of its CPU at 100 rooms), and is kept so its figures compare across sessions.
   */
  readonly records: YRecordMap<BenchRecord>
  synced: Promise<void>
  destroy(): void
}

/** The board's record array: tldraw's records as `YRecordMap` lays them out. */
function recordArray(doc: Y.Doc): Y.Array<{ key: string; val: BenchRecord }> {
  return doc.getArray<{ key: string; val: BenchRecord }>('tl_records')
}

/**
 * Writes a record exactly as `YRecordMap.set` does, in one transaction: the key's entry is
 * deleted and the new one appended. The server sees the same update; the writer skips
 * the map's observer.
 */
export function setRecord(doc: Y.Doc, key: string, val: BenchRecord): void {
  const array = recordArray(doc)
  doc.transact(() => {
    let index = 0
    for (const entry of array) {
      if (entry.key === key) {
        array.delete(index, 1)
        break
      }
      index++
    }
    array.push([{ key, val }])
  })
}

/**
 * Calls `listener` with each record a remote update writes into `doc`, once the document has
 * applied it: read from the update itself, in time independent of the board's history.
 */
export function onRemoteRecords(doc: Y.Doc, listener: (record: BenchRecord) => void): void {
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    // Local writes are transactions without an origin; providers apply remote ones as themselves.
    if (origin === null) return
    for (const struct of Y.decodeUpdate(update).structs) {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue
      for (const entry of struct.content.arr as Array<{ val?: BenchRecord } | null>) {
        if (entry?.val?.meta) listener(entry.val)
      }
    }
  })
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
  let records: YRecordMap<BenchRecord> | null = null
  const recordsOf = () => {
    records ??= new YRecordMap<BenchRecord>(recordArray(doc))
    return records
  }
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
      get records() {
        return recordsOf()
      },
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
    get records() {
      return recordsOf()
    },
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
