import { isRoomId } from '@roofline/shared'
import type { Server, Socket } from 'socket.io'
import { type ConnectionCount, clientAddress } from '../limits/connectionCount.ts'
import { describeValue } from '../limits/valueBounds.ts'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import { StatusError } from '../statusError.ts'
import { gateEvents, limitConnections } from './controlLimits.ts'
import { socketFaults } from './socketFaults.ts'
import { isVoiceEvent, VoiceRelay, type VoiceSocketData } from './voiceRelay.ts'

/**
 * Whether a client at `address` may open scratch board `boardId`, as its board connection is
 * judged; throws a {@link StatusError} saying why not (a session, an unknown id, no allowance).
 */
export type BoardAccess = (boardId: string, address: string) => Promise<void>

/** What a board's control connection keeps, set by the handshake check. */
export interface BoardSocketData extends VoiceSocketData {
  boardId: string
}

/** The socket.io namespace of scratch boards' control connections. */
export const BOARD_NAMESPACE = '/board'
/** The socket.io room of a board's control connections. */
export const boardRoom = (id: string) => `board:${id}`

/** The name a board peer has before it says one. */
const UNNAMED = 'Someone'

/**
 * Control connections of scratch boards, on namespace `/board` of the same server: the
 * handshake carries `{boardId}` and is admitted by whatever admits the board's own connection
 * (`access`), so only people who can open a board reach its voice room. Everyone on a board is
 * equal: all may speak, each under the name they joined with. Boards are never recorded.
 * Only voice events are answered, under the same rate limits and payload bounds as a session's.
 */
export function attachBoardControl(
  io: Server,
  options: {
    access: BoardAccess
    logger: RoomLogger
    maxEventsPerSecond: number
    maxVoiceEventsPerSecond?: number | undefined
    connections?: { count: ConnectionCount; trustProxy: false | number | string[] } | undefined
  },
): VoiceRelay<BoardSocketData> {
  const { logger } = options
  const ns = io.of(BOARD_NAMESPACE)
  if (options.connections) limitConnections(ns, options.connections, logger)
  ns.use(async (socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { boardId?: unknown }
    try {
      if (!isRoomId(auth.boardId)) throw new StatusError(400, 'This is not a valid board link.')
      await options.access(
        auth.boardId,
        clientAddress(socket.request, options.connections?.trustProxy ?? false),
      )
      const data: BoardSocketData = { boardId: auth.boardId }
      socket.data = data
      next()
    } catch (error) {
      const message = error instanceof StatusError ? error.message : 'The connection was refused.'
      logger.warn({ board: describeValue(auth.boardId), reason: message }, 'refused board control connection')
      next(new Error(message))
    }
  })
  const relay = new VoiceRelay<BoardSocketData>(
    ns,
    {
      kind: 'board',
      placeOf: (data) => data.boardId,
      room: boardRoom,
      describer: async () => (member) => ({ name: member.voiceName ?? UNNAMED, maySpeak: true }),
    },
    logger,
  )
  ns.on('connection', (socket: Socket) => {
    const { boardId } = socket.data as BoardSocketData
    const { closeOnError, refuse } = socketFaults(socket, logger, { board: boardId })
    void Promise.resolve(socket.join(boardRoom(boardId))).catch(closeOnError('join'))
    gateEvents(socket, options.maxEventsPerSecond, refuse, options.maxVoiceEventsPerSecond, isVoiceEvent)
    relay.listen(socket, refuse, closeOnError)
  })
  return relay
}
