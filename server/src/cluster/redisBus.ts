import { createAdapter } from '@socket.io/redis-adapter'
import type { Server } from 'socket.io'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import type { SessionChange } from '../sessions/sessionService.ts'
import type { Storage } from '../storage/storage.ts'
import type { ClusterBus } from './clusterBus.ts'
import { RedisFanout } from './redisFanout.ts'
import type { RedisLink } from './redisLink.ts'
import { isSessionChange } from './sessionChangeMessage.ts'

/** Server-to-server event: the sockets of a session changed somewhere, cached presence is stale. */
const PRESENCE_CHANGED = 'roofline:presence-changed'
/** Server-to-server event (Redis adapter) announcing a session change to the other processes. */
const SESSION_CHANGED = 'roofline:session-changed'

/**
 * The processes of a deployment over one Redis: board updates through the fan-out (a channel
 * per loaded room), control-socket broadcasts through socket.io's Redis adapter, and session
 * and presence messages as the adapter's server-side events.
 */
export class RedisBus implements ClusterBus {
  readonly #redis: RedisLink
  readonly #logger: RoomLogger
  readonly #fanout: RedisFanout
  readonly #sessionListeners: Array<(change: SessionChange) => void> = []
  readonly #presenceListeners: Array<(sessionId: string) => void> = []
  #io: Server | undefined

  constructor(options: { redis: RedisLink; storage: Pick<Storage, 'readLog'>; logger: RoomLogger }) {
    this.#redis = options.redis
    this.#logger = options.logger
    this.#fanout = new RedisFanout({ redis: options.redis, storage: options.storage, logger: options.logger })
  }

  get roomExtension() {
    return this.#fanout.extension
  }

  get ping() {
    return () => this.#redis.ping()
  }

  attachSockets(io: Server): void {
    this.#io = io
    io.adapter(
      createAdapter(this.#redis.publisher, this.#redis.subscriber, { key: this.#redis.key('socket.io') }),
    )
    io.on(SESSION_CHANGED, (change: unknown) => {
      if (!isSessionChange(change))
        return this.#logger.warn({ reason: 'malformed' }, 'refused session change')
      for (const listener of this.#sessionListeners) listener(change)
    })
    io.on(PRESENCE_CHANGED, (sessionId: unknown) => {
      if (typeof sessionId !== 'string') return
      for (const listener of this.#presenceListeners) listener(sessionId)
    })
  }

  publishSessionChange(change: SessionChange): void {
    this.#io?.serverSideEmit(SESSION_CHANGED, change)
  }

  onSessionChange(listener: (change: SessionChange) => void): void {
    this.#sessionListeners.push(listener)
  }

  publishPresenceChanged(sessionId: string): void {
    this.#io?.serverSideEmit(PRESENCE_CHANGED, sessionId)
  }

  onPresenceChanged(listener: (sessionId: string) => void): void {
    this.#presenceListeners.push(listener)
  }

  stats(): object {
    return this.#fanout.stats()
  }

  async close(): Promise<void> {
    this.#fanout.close()
    await this.#redis.close()
  }
}
