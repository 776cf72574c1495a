import { randomUUID } from 'node:crypto'
import { createClient } from 'redis'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'

/** A node-redis client as `createClient` makes it. */
export type RedisClient = ReturnType<typeof createClient>

/**
 * This process's connections to Redis when `REDIS_URL` is set: one client that publishes
 * and runs commands, one in subscriber mode (Redis needs a connection of its own for that),
 * shared by the board fan-out and socket.io's adapter.
 */
export interface RedisLink {
  /** Unique per process start: marks what this process published, so it ignores its echo. */
  readonly processId: string
  readonly publisher: RedisClient
  readonly subscriber: RedisClient
  /** The key prefix every channel and key of this deployment starts with. */
  readonly prefix: string
  /** `prefix + name`. */
  key(name: string): string
  /** Calls `listener` each time the subscriber reconnected (messages may have been missed meanwhile). */
  onReconnect(listener: () => void): void
  /** Resolves when Redis answers a PING; rejects when it is unreachable. */
  ping(): Promise<void>
  /** Closes both connections. */
  close(): Promise<void>
}

/**
 * Connects to Redis at `url`; rejects if it cannot be reached at start. Afterwards the
 * clients reconnect on their own, and commands given while Redis is down fail at once
 * rather than queue (a room never waits on Redis).
 *
 * @example const redis = await connectRedis('redis://127.0.0.1:6379', { prefix: 'roofline:', logger })
 */
export async function connectRedis(
  url: string,
  options: { prefix: string; logger: RoomLogger },
): Promise<RedisLink> {
  const { prefix, logger } = options
  const publisher: RedisClient = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) },
  })
  const subscriber = publisher.duplicate()
  const reconnectListeners: Array<() => void> = []
  for (const [name, client] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    // Without a listener an error event would crash the process; the client reconnects itself.
    client.on('error', (error: Error) => logger.warn({ redis: name, reason: error.message }, 'redis error'))
  }
  let connectedOnce = false
  subscriber.on('ready', () => {
    if (connectedOnce) {
      logger.info({ redis: 'subscriber' }, 'redis reconnected')
      for (const listener of reconnectListeners) listener()
    }
    connectedOnce = true
  })
  await Promise.all([publisher.connect(), subscriber.connect()])
  return {
    processId: randomUUID(),
    publisher,
    subscriber,
    prefix,
    key: (name) => `${prefix}${name}`,
    onReconnect: (listener) => {
      reconnectListeners.push(listener)
    },
    async ping() {
      const reply = await publisher.ping()
      if (reply !== 'PONG') throw new Error(`unexpected PING reply ${String(reply).slice(0, 40)}`)
    },
    async close() {
      await Promise.allSettled([subscriber.close(), publisher.close()])
    },
  }
}
