import type { Ack } from '@roofline/shared'
import type { Socket } from 'socket.io-client'

const ACK_TIMEOUT_MS = 8000

/** The transport side of a socket.io connection: acknowledged requests and raw events. */
export interface SocketChannel {
  /**
   * Sends an event, already checked against its schema by the caller; resolves with the
   * server's acknowledgement (never rejects: a timeout or a refused connection is an error ack).
   */
  request(event: string, payload: unknown): Promise<Ack<unknown>>
  /** Listens to a server event; the caller checks the payload. */
  onEvent(event: string, listener: (raw: unknown) => void): () => void
  /** Told each time the connection comes up (true) or goes down (false). */
  onConnection(listener: (connected: boolean) => void): () => void
  /** Whether the connection is up now (for a listener that comes after it changed). */
  connected(): boolean
}

/**
 * {@link SocketChannel} over `socket`. Once the server refused the handshake for good (a bad
 * link) or closed the connection itself, every request answers with that reason at once
 * instead of waiting for a timeout.
 */
export function socketChannel(socket: Socket): SocketChannel {
  const connection = new Set<(connected: boolean) => void>()
  let refusal: string | null = null
  socket.on('connect', () => {
    refusal = null
    for (const listener of connection) listener(true)
  })
  socket.on('disconnect', (reason) => {
    // Only the server ends a connection this way, and socket.io does not reconnect after it:
    // a request would only wait for its timeout.
    if (reason === 'io server disconnect') refusal = 'The server closed this connection.'
    for (const listener of connection) listener(false)
  })
  socket.on('connect_error', (error: Error) => {
    if (!socket.active) refusal = error.message
  })
  return {
    request: (event, payload) =>
      refusal !== null
        ? Promise.resolve({ ok: false, error: refusal })
        : socket
            .timeout(ACK_TIMEOUT_MS)
            .emitWithAck(event, payload)
            .then((ack: Ack<unknown>) => ack)
            .catch(() => ({
              ok: false as const,
              error: 'The server did not answer; check your connection.',
            })),
    onEvent(event, listener) {
      socket.on(event, listener)
      return () => {
        socket.off(event, listener)
      }
    },
    onConnection(listener) {
      connection.add(listener)
      return () => {
        connection.delete(listener)
      }
    },
    connected: () => socket.connected,
  }
}
