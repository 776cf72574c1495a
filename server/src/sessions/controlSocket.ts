import type { Server as HttpServer, IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import {
  type Ack,
  type ClientEventName,
  type ClockPong,
  ControlEvent,
  clientEventSchemas,
  isRoomId,
  type Seat,
  seatSchema,
} from '@roofline/shared'
import { createAdapter } from '@socket.io/redis-adapter'
import { Server, type Socket } from 'socket.io'
import { originAllowed } from '../http/originCheck.ts'
import { type ConnectionCount, clientAddress } from '../limits/connectionCount.ts'
import { TokenBucket } from '../limits/tokenBucket.ts'
import { BoundsError, checkValueBounds, describeValue, type ValueBounds } from '../limits/valueBounds.ts'
import type { RedisLink } from '../redisLink.ts'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import { type SessionChange, SessionError, type SessionService } from './sessionService.ts'

/** What the control socket keeps per connection, set by the handshake check. */
interface ControlSocketData {
  sessionId: string
  seat: Seat
}

/** Options of the control plane. */
export interface ControlSocketOptions {
  service: SessionService
  logger: RoomLogger
  /** Largest payload accepted, in bytes (socket.io drops the connection above it). */
  maxPayloadBytes: number
  /** Events one connection may send per second (burst: one second's worth); more are refused. */
  maxEventsPerSecond: number
  /** The origin pages must come from (see `originAllowed`). */
  publicUrl?: string | undefined
  /** Open connections per client address (shared with the board's), and how to find the address. */
  connections?: { count: ConnectionCount; trustProxy: false | number | string[] }
  /**
   * With several server processes: socket.io's Redis adapter carries broadcasts to every
   * process's sockets, and session changes are announced to the other processes.
   */
  redis?: RedisLink
}

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void

/**
 * Both Fastify's WebSocket plugin and engine.io listen for HTTP upgrades on the same server,
 * and Fastify would answer /socket.io upgrades with a 404. Route each upgrade to one owner.
 */
function routeUpgrades(httpServer: HttpServer, fastifyListeners: UpgradeListener[]): void {
  const engineListeners = (httpServer.listeners('upgrade') as UpgradeListener[]).filter(
    (listener) => !fastifyListeners.includes(listener),
  )
  httpServer.removeAllListeners('upgrade')
  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const owners = request.url?.startsWith('/socket.io/') ? engineListeners : fastifyListeners
    for (const listener of owners) listener.call(httpServer, request, socket, head)
  })
}

/** Whether `event` names a client event (own keys only: "constructor" or "toString" are not events). */
const isClientEvent = (event: unknown): event is ClientEventName =>
  typeof event === 'string' && Object.hasOwn(clientEventSchemas, event)

/** Bounds on an event's payload: far beyond any control event's shape, far below a stack overflow. */
const PAYLOAD_BOUNDS: ValueBounds = { maxDepth: 32, maxNodes: 100_000 }

/** The socket.io room of a session. */
const sessionRoom = (id: string) => `session:${id}`
/** The socket.io room of one seat of a session: everyone in it gets the same state. */
const seatRoom = (id: string, seat: Seat) => `session:${id}:${seat}`

/** Server-to-server event: the sockets of a session changed somewhere, cached presence is stale. */
const PRESENCE_CHANGED = 'roofline:presence-changed'

/** Server-to-server event (Redis adapter) announcing a session change to the other processes. */
const SESSION_CHANGED = 'roofline:session-changed'

/** Whether `value` has the shape of a `SessionChange` (it came over Redis from another process). */
function isSessionChange(value: unknown): value is SessionChange {
  const change = value as Partial<SessionChange> | null
  return (
    typeof change === 'object' &&
    change !== null &&
    isRoomId(change.sessionId) &&
    typeof change.publicState === 'boolean' &&
    typeof change.privateState === 'boolean' &&
    typeof change.permissions === 'boolean'
  )
}

/**
 * The socket.io control plane at `/socket.io`: the handshake carries `{sessionId, token}`;
 * every event is validated against its zod schema in shared, refused with an error in its
 * acknowledgement when invalid or forbidden, and logged. Public state goes to everyone in
 * the session; private state only to the socket(s) of the current interviewer.
 *
 * With `redis`, the process that handled a command tells the session's sockets on every
 * process (the adapter reaches them; presence counts them all), and announces the change so
 * the others refresh their cached copy and their board connections' rights.
 */
export function attachControlSocket(httpServer: HttpServer, options: ControlSocketOptions): Server {
  const { service, logger } = options
  const otherUpgrades = httpServer.listeners('upgrade') as UpgradeListener[]
  const io = new Server(httpServer, {
    path: '/socket.io',
    maxHttpBufferSize: options.maxPayloadBytes,
    serveClient: false,
    // Other paths' upgrades (the Yjs endpoint) belong to Fastify, not to engine.io.
    destroyUpgrade: false,
    // A page of another site must not open a session in its visitor's browser.
    allowRequest: (request, accept) => accept(null, originAllowed(request, options.publicUrl)),
  })
  routeUpgrades(httpServer, otherUpgrades)
  logTransportRefusals(io, logger)
  const { redis } = options
  if (redis) {
    io.adapter(createAdapter(redis.publisher, redis.subscriber, { key: redis.key('socket.io') }))
    io.on(SESSION_CHANGED, (change: unknown) => {
      if (!isSessionChange(change)) return logger.warn({ reason: 'malformed' }, 'refused session change')
      void service
        .applyRemoteChange(change)
        .catch((error: unknown) =>
          logger.error({ session: change.sessionId, err: String(error) }, 'could not follow session change'),
        )
    })
    io.on(PRESENCE_CHANGED, (sessionId: unknown) => {
      if (typeof sessionId === 'string') presence.delete(sessionId)
    })
  }

  /**
   * Seats with a live control connection per session, on every process. Asking every process
   * (`fetchSockets`) is a round trip through all of them, so it is done when sockets come or
   * go (anywhere: the others are told), not for every command.
   */
  const presence = new Map<string, Set<Seat>>()

  async function refreshPresence(sessionId: string): Promise<Set<Seat>> {
    const sockets = await io.in(sessionRoom(sessionId)).fetchSockets()
    const seats = new Set(sockets.map((socket) => (socket.data as ControlSocketData).seat))
    if (seats.size > 0) presence.set(sessionId, seats)
    else presence.delete(sessionId)
    return seats
  }

  /** Sends the session's state to each seat's sockets, wherever they are connected. */
  async function sendState(sessionId: string, privateToo: boolean, presenceChanged = false): Promise<void> {
    const cached = presenceChanged ? undefined : presence.get(sessionId)
    const connected = cached ?? (await refreshPresence(sessionId))
    if (presenceChanged && redis) io.serverSideEmit(PRESENCE_CHANGED, sessionId)
    // Nobody to tell (and computing the state would load the session into the cache again).
    if (connected.size === 0) return
    await Promise.all(
      seatSchema.options.map(async (seat) => {
        io.to(seatRoom(sessionId, seat)).emit(
          ControlEvent.state,
          await service.publicState(sessionId, seat, connected),
        )
        if (privateToo) {
          io.to(seatRoom(sessionId, seat)).emit(
            ControlEvent.privateState,
            await service.privateState(sessionId, seat),
          )
        }
      }),
    )
  }

  service.onChange((change) => {
    // The process that made it told every socket already.
    if (change.remote) return
    if (redis) io.serverSideEmit(SESSION_CHANGED, change)
    if (change.deleted) {
      void io.in(sessionRoom(change.sessionId)).disconnectSockets(true)
      return
    }
    if (change.revokedSeat) disconnectSeat(change.sessionId, change.revokedSeat)
    if (change.publicState || change.privateState || change.permissions) {
      void sendState(change.sessionId, change.privateState || change.permissions).catch((error: unknown) =>
        logger.error({ session: change.sessionId, err: String(error) }, 'could not send session state'),
      )
    }
  })

  /** Closes the control connections that came in with a seat's replaced link. */
  function disconnectSeat(sessionId: string, seat: Seat): void {
    io.in(seatRoom(sessionId, seat)).disconnectSockets(true)
  }

  const { connections } = options
  if (connections) {
    io.use((socket, next) => {
      const release = connections.count.open(clientAddress(socket.request, connections.trustProxy))
      if (!release) {
        logger.warn({ reason: 'too many connections from one address' }, 'refused control connection')
        return next(new Error(connections.count.refusal))
      }
      socket.on('disconnect', release)
      next()
    })
  }

  io.use(async (socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { sessionId?: unknown; token?: unknown }
    try {
      if (!isRoomId(auth.sessionId)) throw new SessionError(400, 'This is not a valid session link.')
      if (!(await service.exists(auth.sessionId))) throw new SessionError(404, 'There is no such session.')
      const seat = await service.authenticate(
        auth.sessionId,
        typeof auth.token === 'string' ? auth.token : null,
      )
      socket.data = { sessionId: auth.sessionId, seat }
      next()
    } catch (error) {
      const message = error instanceof SessionError ? error.message : 'The connection was refused.'
      logger.warn({ session: describeValue(auth.sessionId), reason: message }, 'refused control connection')
      next(new Error(message))
    }
  })

  io.on('connection', (raw) => {
    const socket: Socket = raw
    const { sessionId, seat } = socket.data as ControlSocketData
    const held = service.hold(sessionId)
    // Whatever fails while serving this socket closes it, with the reason logged; never the process.
    const closeOnError = (what: string) => (error: unknown) => {
      logger.error(
        {
          session: sessionId,
          seat,
          reason: `${what}: ${describeValue(error instanceof Error ? error.message : error, 200)}`,
        },
        'control connection failed',
      )
      socket.disconnect(true)
    }
    void Promise.resolve(socket.join([sessionRoom(sessionId), seatRoom(sessionId, seat)])).catch(
      closeOnError('join'),
    )
    void service.recordPresence(sessionId, seat, 'joined').catch(closeOnError('presence'))
    void sendState(sessionId, false, true).catch(closeOnError('state'))
    void service
      .privateState(sessionId, seat)
      .then((state) => socket.emit(ControlEvent.privateState, state))
      .catch(closeOnError('private state'))

    // A packet socket.io could not decode: it closes the connection; this says why. A client
    // can also send an event named "error" itself, so the argument may be anything.
    socket.on('error', (error: unknown) => {
      const reason = describeValue(error instanceof Error ? error.message : error, 200)
      logger.warn({ session: sessionId, reason }, 'refused control packet')
    })
    const bucket = new TokenBucket(options.maxEventsPerSecond)
    const refuse = (event: unknown, reason: string, ack: unknown, error: string) => {
      logger.warn({ session: sessionId, event: describeValue(event, 60), reason }, 'refused event')
      if (typeof ack === 'function') ack({ ok: false, error })
    }
    // Every incoming event passes here first: over the rate, or not one of ours, it goes no further.
    socket.use(([event, ...args], next) => {
      if (!bucket.take()) {
        return refuse(
          event,
          'event rate limit exceeded',
          args.at(-1),
          'Too many requests; wait a moment and retry.',
        )
      }
      if (!isClientEvent(event)) {
        return refuse(event, 'no such event', args.at(-1), `Unknown event "${describeValue(event, 60)}".`)
      }
      // Before any schema walks the payload (zod recurses as deep as the value goes).
      try {
        checkValueBounds(args, PAYLOAD_BOUNDS)
      } catch (error) {
        if (!(error instanceof BoundsError)) throw error
        return refuse(event, error.message, args.at(-1), `Invalid ${event}: ${error.message}.`)
      }
      next()
    })
    for (const event of Object.keys(clientEventSchemas) as ClientEventName[]) {
      // socket.io ignores what a listener returns: the rejection is caught here or nowhere.
      const answer = async (args: unknown[]) => {
        const ack = args.at(-1)
        if (typeof ack !== 'function') return refuse(event, 'no acknowledgement callback', ack, '')
        if (args.length !== 2) {
          return refuse(event, `${args.length - 1} payloads`, ack, `Invalid ${event}: send one payload.`)
        }
        ack(await handle(sessionId, seat, event, args[0]))
      }
      socket.on(event, (...args: unknown[]) => void answer(args).catch(closeOnError(event)))
    }
    socket.on('disconnect', () => {
      void held.then((release) => release()).catch(() => {})
      void service
        .recordPresence(sessionId, seat, 'left')
        .catch((error: unknown) =>
          logger.error({ session: sessionId, err: String(error) }, 'presence not recorded'),
        )
      void sendState(sessionId, false, true).catch((error: unknown) =>
        logger.error({ session: sessionId, err: String(error) }, 'could not send session state'),
      )
    })
  })

  async function handle(
    sessionId: string,
    seat: Seat,
    event: ClientEventName,
    payload: unknown,
  ): Promise<Ack<unknown>> {
    const parsed = clientEventSchemas[event].safeParse(payload)
    if (!parsed.success) {
      const reason = parsed.error.issues
        .map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`)
        .join('; ')
      logger.warn({ session: sessionId, event, reason }, 'refused invalid event')
      return { ok: false, error: `Invalid ${event}: ${reason}` }
    }
    if (event === ControlEvent.clockPing) {
      const pong: ClockPong = {
        clientSentAt: (parsed.data as { clientSentAt: number }).clientSentAt,
        serverAt: Date.now(),
      }
      return { ok: true, value: pong }
    }
    try {
      const result = await service.command(sessionId, seat, event, parsed.data as never)
      if (!result.ok) {
        logger.info({ session: sessionId, event, seat, reason: result.error }, 'refused command')
      } else if (event === ControlEvent.gather) {
        // Everyone else in the session, on every process (the adapter carries it), follows the sender.
        io.to(sessionRoom(sessionId))
          .except(seatRoom(sessionId, seat))
          .emit(ControlEvent.gathered, result.value)
      }
      return result
    } catch (error) {
      logger.error({ session: sessionId, event, err: String(error) }, 'command failed')
      return { ok: false, error: 'The server could not do that; nothing was changed.' }
    }
  }

  return io
}

/**
 * Logs what socket.io refuses on its own, below the events: a handshake it turned away (bad
 * transport, unknown session id, malformed request) and a connection it closed because of
 * the client (an undecodable packet, a message over the size limit, a packet in the wrong
 * state). Ordinary closes (the client left) are logged at info.
 */
function logTransportRefusals(io: Server, logger: RoomLogger): void {
  io.engine.on('connection_error', (error: { code: number; message: string }) => {
    logger.warn({ code: error.code, reason: error.message }, 'refused control handshake')
  })
  io.engine.on('connection', (connection: EngineConnection) => {
    connection.once('close', (reason: string, description?: unknown) => {
      const detail = description instanceof Error ? description.message : undefined
      const refused = reason === 'parse error' || reason === 'transport error' || reason === 'forced close'
      const log = { reason, detail }
      if (refused) logger.warn(log, 'control connection closed')
      else logger.info(log, 'control connection closed')
    })
  })
}

/** The part of an engine.io socket this module listens to. */
interface EngineConnection {
  once(event: 'close', listener: (reason: string, description?: unknown) => void): void
}
