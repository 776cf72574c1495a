import WebSocket from 'ws'
import type { Closed } from './rawYjs.ts'

/**
 * A raw socket.io (engine.io v4, WebSocket transport) client: it speaks the text packets
 * itself, so a test can send what socket.io-client never would (truncated, mistyped or
 * out-of-order packets). Packets: engine "4" (message) + socket.io type ("0" connect,
 * "2" event, "3" ack) + optional ack id + JSON.
 */
export interface RawControlClient {
  socket: WebSocket
  /** Every frame received after the handshake. */
  frames: Array<string | Buffer>
  closed: Promise<Closed>
  /**
   * Sends `clock:ping` with ack id `id`; resolves true when acknowledged, false if the
   * connection closed first, and rejects if neither happens within `timeoutMs`.
   */
  probe(id: number, timeoutMs?: number): Promise<boolean>
  /** The acknowledgement with `id`, if one came. */
  ackOf(id: number): unknown
}

/** Connects and joins the session's namespace with `{sessionId, token}`. */
export async function openRawControl(
  url: string,
  sessionId: string,
  token: string,
): Promise<RawControlClient> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`)
  const frames: Array<string | Buffer> = []
  const listeners = new Set<() => void>()
  socket.on('error', () => {})
  socket.on('message', (data: Buffer, isBinary) => {
    frames.push(isBinary ? data : data.toString())
    for (const listener of listeners) listener()
  })
  const closed = new Promise<Closed>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  const until = (predicate: () => boolean) =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (!predicate()) return
        listeners.delete(check)
        resolve(true)
      }
      listeners.add(check)
      void closed.then(() => {
        listeners.delete(check)
        resolve(predicate())
      })
      check()
    })
  const texts = () => frames.filter((frame): frame is string => typeof frame === 'string')
  await until(() => texts().some((frame) => frame.startsWith('0{')))
  socket.send(`40${JSON.stringify({ sessionId, token })}`)
  if (!(await until(() => texts().some((frame) => frame.startsWith('40{'))))) {
    throw new Error(`control handshake failed: ${texts().join(' | ')}`)
  }
  frames.length = 0
  const ackOf = (id: number) => {
    const frame = texts().find((text) => text.startsWith(`43${id}[`))
    return frame === undefined ? undefined : (JSON.parse(frame.slice(`43${id}`.length)) as unknown[])[0]
  }
  return {
    socket,
    frames,
    closed,
    ackOf,
    probe(id, timeoutMs = 3000) {
      socket.send(`42${id}["clock:ping",{"clientSentAt":1}]`)
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`probe ${id} neither answered nor closed`)), timeoutMs).unref(),
      )
      return Promise.race([until(() => ackOf(id) !== undefined), timeout])
    },
  }
}
