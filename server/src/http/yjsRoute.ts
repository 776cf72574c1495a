import { isRoomId } from '@roofline/shared'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import { originAllowed } from '../control/originCheck.ts'
import { addressCpuBuckets, type BudgetLimits, ConnectionBudget } from '../limits/connectionBudget.ts'
import type { ConnectionCount } from '../limits/connectionCount.ts'
import { TurnQueue } from '../limits/turnQueue.ts'
import type { Principal, Room } from '../rooms/room.ts'
import { AuthError, CloseCode, type RoomLifecycle } from '../rooms/roomLifecycle.ts'
import { WsConnection } from './wsConnection.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the Yjs route's pre-upgrade check. */
    roomPrincipal: Principal | null
    /** Gives back the connection the pre-upgrade check counted for this request's address. */
    releaseConnection: (() => void) | null
  }
}

interface YjsRouteOptions {
  lifecycle: RoomLifecycle
  /** Bytes a client may leave unread before it is dropped as a slow consumer. */
  maxBufferedBytes: number
  /** What one connection may send and cost per second. */
  budget: BudgetLimits
  /** The origin pages must come from (see `originAllowed`); default: the request's host or this machine. */
  publicUrl: string | undefined
  /** Open connections per client address (shared with the control sockets). */
  connections?: ConnectionCount
}

type YjsRequest = FastifyRequest<{ Params: { room: string }; Querystring: { token?: string } }>

/**
 * `GET /yjs/:room` upgrades to the y-websocket protocol. The room id and the token are
 * checked before the upgrade, so a refused client gets an HTTP status, not an empty board.
 */
export function registerYjsRoute(app: FastifyInstance, options: YjsRouteOptions): void {
  const { lifecycle } = options
  const addressCpu = addressCpuBuckets(options.budget)
  app.decorateRequest('roomPrincipal', null)
  app.decorateRequest('releaseConnection', null)

  app.get<{ Params: { room: string }; Querystring: { token?: string } }>(
    '/yjs/:room',
    {
      websocket: true,
      preValidation: async (request: YjsRequest, reply) => {
        const roomId = request.params.room
        if (!originAllowed(request.raw, options.publicUrl)) {
          request.log.warn(
            { room: roomId, reason: 'foreign origin', origin: request.headers.origin },
            'refused board connection',
          )
          return reply.code(403).send({ error: 'Boards open only from pages of this server.' })
        }
        if (!isRoomId(roomId)) {
          return reply
            .code(400)
            .send({ error: 'a room id is 1-64 characters of letters, digits, "-" and "_"' })
        }
        try {
          request.roomPrincipal = await lifecycle.authenticate({
            roomId,
            token: request.query.token ?? null,
            address: request.ip,
          })
        } catch (error) {
          const status = error instanceof AuthError ? error.status : 500
          request.log.warn({ room: roomId, reason: String(error) }, 'refused board connection')
          return reply.code(status).send({ error: error instanceof AuthError ? error.message : 'refused' })
        }
        // Counted last, once nothing else refuses it: its socket gives it back when it closes.
        if (options.connections) {
          const release = options.connections.open(request.ip)
          if (!release) {
            request.log.warn(
              { room: roomId, reason: 'too many connections from one address' },
              'refused board connection',
            )
            return reply.code(429).send({ error: options.connections.refusal })
          }
          request.releaseConnection = release
        }
      },
    },
    (socket, request) => {
      const release = request.releaseConnection
      if (release) socket.once('close', release)
      const principal = request.roomPrincipal
      if (!principal) return socket.close(CloseCode.internalError, 'not authenticated')
      const { maxBufferedBytes } = options
      const connection = new WsConnection(
        socket,
        request.socket,
        principal,
        maxBufferedBytes,
        request.log,
        request.params.room,
      )
      const budget = new ConnectionBudget(options.budget, undefined, addressCpu.of(request.ip))
      void serve(lifecycle, request.params.room, connection, socket, request, budget)
    },
  )
}

/**
 * Feeds one socket's messages into its room; messages that arrive while the room loads wait.
 * Once the server has started closing a connection (a refused message, a failed store), the
 * messages still in flight from it are ignored: none of them is applied after the refusal.
 */
async function serve(
  lifecycle: RoomLifecycle,
  roomId: string,
  connection: WsConnection,
  socket: WebSocket,
  request: FastifyRequest,
  budget: ConnectionBudget,
): Promise<void> {
  let room: Room | null = null
  let closed = false
  // Messages that arrive while the room loads wait in `early`; then all go through the queue.
  const early: Uint8Array[] = []
  const queue = new TurnQueue<Uint8Array>((bytes) => {
    if (!room || socket.readyState !== socket.OPEN) return
    const overBudget = budget.beforeHandling()
    if (overBudget) return refuseOverBudget(connection, request, roomId, overBudget)
    receiveTimed(lifecycle, room, connection, bytes, budget, request)
  })
  socket.on('message', (data, isBinary) => {
    if (socket.readyState !== socket.OPEN) return
    const bytes = toBytes(data)
    const overBudget = budget.admit(bytes.byteLength)
    if (overBudget) return refuseOverBudget(connection, request, roomId, overBudget)
    if (!isBinary) {
      request.log.warn({ room: roomId, reason: 'text message; binary messages only' }, 'refused message')
      connection.close(CloseCode.protocolError, 'binary messages only')
      return
    }
    if (room) queue.push(bytes)
    else early.push(bytes)
  })
  socket.on('error', (error) => {
    request.log.warn({ room: roomId, reason: error.message }, 'board connection error')
  })
  socket.on('close', (code, reason) => {
    closed = true
    queue.close()
    request.log.info({ room: roomId, code, reason: reason.toString() }, 'board connection closed')
    if (room) lifecycle.leave(room, connection)
  })
  try {
    const joined = await lifecycle.join(roomId, connection)
    if (closed) return lifecycle.leave(joined, connection)
    room = joined
    for (const bytes of early.splice(0)) queue.push(bytes)
  } catch (error) {
    request.log.error({ room: roomId, err: String(error) }, 'room failed to load')
    connection.close(CloseCode.internalError, 'room failed to load')
  }
}

/**
 * Hands one message to the room and charges the CPU time it took to the connection's budget:
 * CPU time, not wall time, so a connection is never charged for a host too busy to run us.
 */
function receiveTimed(
  lifecycle: RoomLifecycle,
  room: Room,
  connection: WsConnection,
  bytes: Uint8Array,
  budget: ConnectionBudget,
  request: FastifyRequest,
): void {
  const started = process.cpuUsage()
  lifecycle.receive(room, connection, bytes)
  const used = process.cpuUsage(started)
  const overBudget = budget.charge((used.user + used.system) / 1000)
  if (overBudget) refuseOverBudget(connection, request, room.id, overBudget)
}

/** Closes a connection over its budget (or its address's), with the reason logged. */
function refuseOverBudget(
  connection: WsConnection,
  request: FastifyRequest,
  roomId: string,
  reason: string,
): void {
  request.log.warn({ room: roomId, reason }, 'refused message')
  connection.close(CloseCode.policyViolation, 'too many messages or too much work; slow down')
}

/**
 * The WebSocket plugin's error handler. A socket error (a protocol violation such as an
 * oversized frame, or a reset) is the client's doing: the route already logs it as a warning
 * with its reason, and `ws` is already closing the socket with the matching code (1009 for
 * an oversized message), which terminating now would cut off. Anything else is a server
 * error: logged as one, and the socket dropped.
 */
export function websocketErrorHandler(error: Error, socket: WebSocket, request: FastifyRequest): void {
  const code = (error as NodeJS.ErrnoException).code ?? ''
  if (code.startsWith('WS_ERR_') || code === 'ECONNRESET' || code === 'EPIPE') return
  request.log.error({ err: error }, 'board connection failed')
  socket.terminate()
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
