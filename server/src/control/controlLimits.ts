import { type ClientEventName, clientEventSchemas } from '@roofline/shared'
import type { Namespace, Socket } from 'socket.io'
import { type ConnectionCount, clientAddress } from '../limits/connectionCount.ts'
import { TokenBucket } from '../limits/tokenBucket.ts'
import { BoundsError, checkValueBounds, describeValue, type ValueBounds } from '../limits/valueBounds.ts'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import { isVoiceEvent } from './voiceRelay.ts'

/** Bounds on an event's payload: far beyond any control event's shape, far below a stack overflow. */
const PAYLOAD_BOUNDS: ValueBounds = { maxDepth: 32, maxNodes: 100_000 }

/** Whether `event` names a client event (own keys only: "constructor" or "toString" are not events). */
export const isClientEvent = (event: unknown): event is ClientEventName =>
  typeof event === 'string' && Object.hasOwn(clientEventSchemas, event)

/** Refuses a connection of namespace `io` over the per-address count (shared with the board's sockets). */
export function limitConnections(
  io: Namespace,
  connections: { count: ConnectionCount; trustProxy: false | number | string[] },
  logger: RoomLogger,
): void {
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

/**
 * Refuses an event of `socket` before anything handles it: over `maxEventsPerSecond` (burst:
 * one second's worth), not one of ours, or a payload past the bounds (before any schema walks
 * it: zod recurses as deep as the value goes). `refuse` logs and answers the acknowledgement.
 * Voice events have their own allowance, `maxVoicePerSecond`: setting up a call trickles a
 * burst of ICE candidates to every peer, which must not use up the commands' allowance.
 * `known` says which events the namespace answers (a board's control connection: voice only).
 */
export function gateEvents(
  socket: Socket,
  maxEventsPerSecond: number,
  refuse: (event: unknown, reason: string, ack: unknown, error: string) => void,
  maxVoicePerSecond = maxEventsPerSecond,
  known: (event: unknown) => boolean = (event) => isClientEvent(event) || isVoiceEvent(event),
): void {
  const bucket = new TokenBucket(maxEventsPerSecond)
  const voiceBucket = new TokenBucket(maxVoicePerSecond)
  socket.use(([event, ...args], next) => {
    if (!(isVoiceEvent(event) ? voiceBucket : bucket).take()) {
      return refuse(
        event,
        'event rate limit exceeded',
        args.at(-1),
        'Too many requests; wait a moment and retry.',
      )
    }
    if (!known(event)) {
      return refuse(event, 'no such event', args.at(-1), `Unknown event "${describeValue(event, 60)}".`)
    }
    try {
      checkValueBounds(args, PAYLOAD_BOUNDS)
    } catch (error) {
      if (!(error instanceof BoundsError)) throw error
      return refuse(event, error.message, args.at(-1), `Invalid ${event}: ${error.message}.`)
    }
    next()
  })
}
