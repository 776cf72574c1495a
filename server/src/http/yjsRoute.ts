import { randomUUID } from 'node:crypto'
import { isRoomId } from '@roofline/shared'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import type { Connection, Principal, Room } from '../rooms/room.ts'
import { AuthError, CloseCode, type RoomLifecycle } from '../rooms/roomLifecycle.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the Yjs route's pre-upgrade check. */
    roomPrincipal: Principal | null
  }
}

interface YjsRouteOptions {
  lifecycle: RoomLifecycle
  /** Bytes a client may leave unread before it is dropped as a slow consumer. */
  maxBufferedBytes: number
}

type YjsRequest = FastifyRequest<{ Params: { room: string }; Querystring: { token?: string } }>

/**
 * `GET /yjs/:room` upgrades to the y-websocket protocol. The room id and the token are
 * checked before the upgrade, so a refused client gets an HTTP status, not an empty board.
 */
export function registerYjsRoute(app: FastifyInstance, options: YjsRouteOptions): void {
  const { lifecycle } = options
  app.decorateRequest('roomPrincipal', null)

  app.get<{ Params: { room: string }; Querystring: { token?: string } }>(
    '/yjs/:room',
    {
      websocket: true,
      preValidation: async (request: YjsRequest, reply) => {
        const roomId = request.params.room
        if (!isRoomId(roomId)) {
          return reply
            .code(400)
            .send({ error: 'a room id is 1-64 characters of letters, digits, "-" and "_"' })
        }
        try {
          request.roomPrincipal = await lifecycle.authenticate({ roomId, token: request.query.token ?? null })
        } catch (error) {
          const status = error instanceof AuthError ? error.status : 500
          request.log.warn({ room: roomId, reason: String(error) }, 'refused board connection')
          return reply.code(status).send({ error: error instanceof AuthError ? error.message : 'refused' })
        }
      },
    },
    (socket, request) => {
      const principal = request.roomPrincipal
      if (!principal) return socket.close(CloseCode.internalError, 'not authenticated')
      const connection = new WsConnection(socket, principal, options.maxBufferedBytes, request)
      void serve(lifecycle, request.params.room, connection, socket, request)
    },
  )
}

/** Feeds one socket's messages into its room; messages that arrive while the room loads wait. */
async function serve(
  lifecycle: RoomLifecycle,
  roomId: string,
  connection: WsConnection,
  socket: WebSocket,
  request: FastifyRequest,
): Promise<void> {
  const early: Uint8Array[] = []
  let room: Room | null = null
  let closed = false
  socket.on('message', (data, isBinary) => {
    if (!isBinary) {
      request.log.warn({ room: roomId }, 'refused text message')
      connection.close(CloseCode.protocolError, 'binary messages only')
      return
    }
    const bytes = toBytes(data)
    if (room) lifecycle.receive(room, connection, bytes)
    else early.push(bytes)
  })
  socket.on('error', (error) => {
    request.log.warn({ room: roomId, reason: error.message }, 'board connection error')
  })
  socket.on('close', (code, reason) => {
    closed = true
    request.log.info({ room: roomId, code, reason: reason.toString() }, 'board connection closed')
    if (room) lifecycle.leave(room, connection)
  })
  try {
    const joined = await lifecycle.join(roomId, connection)
    if (closed) return lifecycle.leave(joined, connection)
    room = joined
    for (const bytes of early.splice(0)) lifecycle.receive(joined, connection, bytes)
  } catch (error) {
    request.log.error({ room: roomId, err: String(error) }, 'room failed to load')
    connection.close(CloseCode.internalError, 'room failed to load')
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

/** A room connection over a `ws` WebSocket, dropping a client that stops reading. */
class WsConnection implements Connection {
  readonly id = randomUUID()
  readonly principal: Principal
  readonly #socket: WebSocket
  readonly #maxBufferedBytes: number
  readonly #request: FastifyRequest

  constructor(socket: WebSocket, principal: Principal, maxBufferedBytes: number, request: FastifyRequest) {
    this.#socket = socket
    this.principal = principal
    this.#maxBufferedBytes = maxBufferedBytes
    this.#request = request
  }

  send(message: Uint8Array): void {
    if (this.#socket.readyState !== this.#socket.OPEN) return
    if (this.#socket.bufferedAmount > this.#maxBufferedBytes) {
      this.#request.log.warn({ connection: this.id }, 'slow consumer dropped')
      this.close(CloseCode.tryAgainLater, 'too far behind; reconnect')
      return
    }
    this.#socket.send(message)
  }

  close(code: number, reason: string): void {
    if (
      this.#socket.readyState === this.#socket.OPEN ||
      this.#socket.readyState === this.#socket.CONNECTING
    ) {
      this.#socket.close(code, reason)
    }
  }
}
