import type { Server } from 'socket.io'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'

/**
 * Logs what socket.io refuses on its own, below the events: a handshake it turned away (bad
 * transport, unknown session id, malformed request) and a connection it closed because of
 * the client (an undecodable packet, a message over the size limit, a packet in the wrong
 * state). Ordinary closes (the client left) are logged at info.
 */
export function logTransportRefusals(io: Server, logger: RoomLogger): void {
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
