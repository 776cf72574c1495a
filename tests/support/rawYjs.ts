import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'

/**
 * Raw WebSocket clients of the Yjs endpoint, for tests that must choose every byte sent or
 * stop reading: the stock provider (yClient.ts) never sends a malformed message.
 */

/** y-websocket's outer message types and y-protocols' sync message types. */
export const YMessage = { sync: 0, awareness: 1, queryAwareness: 3 } as const
export const YSync = { step1: 0, step2: 1, update: 2 } as const

/** An outer message of `type` carrying one length-prefixed `payload`. */
export function envelope(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** A sync message (`YSync`) carrying `payload` (a state vector or an update). */
export function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, YMessage.sync)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** A document update as a client sends it. */
export function syncUpdateMessage(update: Uint8Array): Buffer {
  return Buffer.from(syncMessage(YSync.update, update))
}

/** How the server closed a connection. */
export interface Closed {
  code: number
  reason: string
}

/** A raw connection to one room, keeping every message it received. */
export interface RawYjsClient {
  socket: WebSocket
  received: Uint8Array[]
  /** Resolves once the upgrade succeeded. */
  opened: Promise<void>
  /** Resolves when the connection ends, however it ends. */
  closed: Promise<Closed>
}

/** Opens a raw WebSocket to `url` (e.g. `${server.wsUrl}/room`), with `headers` on its upgrade request. */
export function openRawClient(url: string, headers: Record<string, string> = {}): RawYjsClient {
  const socket = new WebSocket(url, { headers })
  const received: Uint8Array[] = []
  socket.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
  socket.on('error', () => {})
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: ${response.statusCode}`)),
    )
  })
  const closed = new Promise<Closed>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  return { socket, received, opened, closed }
}

/** Opens a raw WebSocket, sends `payload` and resolves with how the server closed it. */
export async function sendRaw(url: string, payload: Buffer | string): Promise<Closed> {
  const client = openRawClient(url)
  await client.opened
  client.socket.send(payload)
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('server did not close the connection')), 5000).unref(),
  )
  return Promise.race([client.closed, timeout])
}
