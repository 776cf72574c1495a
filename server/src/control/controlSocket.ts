import type { Server as HttpServer } from 'node:http'
import { type ClientEventName, ControlEvent, clientEventSchemas, seatSchema } from '@roofline/shared'
import { Server, type Socket } from 'socket.io'
import type { ClusterBus } from '../cluster/clusterBus.ts'
import type { ConnectionCount } from '../limits/connectionCount.ts'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import type { SessionService } from '../sessions/sessionService.ts'
import { attachBoardControl, type BoardAccess } from './boardControl.ts'
import { handleClientEvent } from './commandHandler.ts'
import { authenticateHandshakes } from './controlAuth.ts'
import { gateEvents, limitConnections } from './controlLimits.ts'
import { originAllowed } from './originCheck.ts'
import { Presence } from './presence.ts'
import { sessionVoiceRelay } from './sessionVoice.ts'
import { socketFaults } from './socketFaults.ts'
import { type ControlSocketData, seatRoom, sessionRoom } from './socketRooms.ts'
import { logTransportRefusals } from './transportLog.ts'
import { routeUpgrades, type UpgradeListener } from './upgradeRouting.ts'

/** Options of the control plane. */
export interface ControlSocketOptions {
  service: SessionService
  logger: RoomLogger
  /** Largest payload accepted, in bytes (socket.io drops the connection above it). */
  maxPayloadBytes: number
  /** Events one connection may send per second (burst: one second's worth); more are refused. */
  maxEventsPerSecond: number
  /** Voice signalling events one connection may send per second, apart from the others. */
  maxVoiceEventsPerSecond?: number
  /** The origin pages must come from (see `originAllowed`). */
  publicUrl?: string | undefined
  /** Open connections per client address (shared with the board's), and how to find the address. */
  connections?: { count: ConnectionCount; trustProxy: false | number | string[] }
  /** The other server processes: broadcasts reach their sockets, presence counts them all. */
  bus: ClusterBus
  /** Who may open a scratch board: they get its voice room (namespace `/board`). */
  boardAccess?: BoardAccess
}

/**
 * The socket.io control plane at `/socket.io`, as transport: the handshake carries
 * `{sessionId, token}` (`controlAuth`); every event passes the limits (`controlLimits`), is
 * validated against its zod schema in shared and answered (`commandHandler`); the session's
 * state goes out after every change: public state to everyone in the session, private state
 * only to the socket(s) of the current interviewer, wherever they are connected (the bus).
 */
export function attachControlSocket(httpServer: HttpServer, options: ControlSocketOptions): Server {
  const { service, logger, bus } = options
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
  bus.attachSockets(io)
  const presence = new Presence(io, bus)
  const voice = sessionVoiceRelay(io.sockets, service, logger)

  /** Sends the session's state to each seat's sockets, wherever they are connected. */
  async function sendState(sessionId: string, privateToo: boolean, presenceChanged = false): Promise<void> {
    const connected = await presence.seats(sessionId, presenceChanged)
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
    if (change.deleted) {
      void io.in(sessionRoom(change.sessionId)).disconnectSockets(true)
      return
    }
    // Closes the control connections that came in with a seat's replaced link.
    if (change.revokedSeat) io.in(seatRoom(change.sessionId, change.revokedSeat)).disconnectSockets(true)
    if (change.publicState || change.privateState || change.permissions) {
      void sendState(change.sessionId, change.privateState || change.permissions).catch((error: unknown) =>
        logger.error({ session: change.sessionId, err: String(error) }, 'could not send session state'),
      )
    }
  })

  if (options.connections) limitConnections(io.sockets, options.connections, logger)
  authenticateHandshakes(io, service, logger)
  if (options.boardAccess) attachBoardControl(io, { ...options, access: options.boardAccess })

  io.on('connection', (raw) => {
    const socket: Socket = raw
    const { sessionId, seat } = socket.data as ControlSocketData
    const held = service.hold(sessionId)
    // Whatever fails while serving this socket closes it, with the reason logged; never the process.
    const { closeOnError, refuse } = socketFaults(socket, logger, { session: sessionId, seat })
    void Promise.resolve(socket.join([sessionRoom(sessionId), seatRoom(sessionId, seat)])).catch(
      closeOnError('join'),
    )
    void service.recordPresence(sessionId, seat, 'joined').catch(closeOnError('presence'))
    void sendState(sessionId, false, true).catch(closeOnError('state'))
    void service
      .privateState(sessionId, seat)
      .then((state) => socket.emit(ControlEvent.privateState, state))
      .catch(closeOnError('private state'))

    // Every incoming event passes here first: over the rate, or not one of ours, it goes no further.
    gateEvents(socket, options.maxEventsPerSecond, refuse, options.maxVoiceEventsPerSecond)
    voice.listen(socket, refuse, closeOnError)
    for (const event of Object.keys(clientEventSchemas) as ClientEventName[]) {
      // socket.io ignores what a listener returns: the rejection is caught here or nowhere.
      const answer = async (args: unknown[]) => {
        const ack = args.at(-1)
        if (typeof ack !== 'function') return refuse(event, 'no acknowledgement callback', ack, '')
        if (args.length !== 2) {
          return refuse(event, `${args.length - 1} payloads`, ack, `Invalid ${event}: send one payload.`)
        }
        const result = await handleClientEvent(service, logger, sessionId, seat, event, args[0])
        if (result.ok && event === ControlEvent.gather) {
          // Everyone else in the session, on every process (the adapter carries it), follows the sender.
          io.to(sessionRoom(sessionId))
            .except(seatRoom(sessionId, seat))
            .emit(ControlEvent.gathered, result.value)
        }
        ack(result)
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

  return io
}
