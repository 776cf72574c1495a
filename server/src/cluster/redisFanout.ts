import * as awarenessProtocol from 'y-protocols/awareness'
import type { Room } from '../rooms/room.ts'
import { RemoteOrigin, type RoomExtension, type RoomLogger } from '../rooms/roomLifecycle.ts'
import type { Storage } from '../storage/storage.ts'
import {
  decodeFanoutFrame,
  encodeFanoutBatch,
  FanoutKind,
  type FanoutMessage,
  originMark,
  sentBy,
} from './fanoutMessage.ts'
import { type ChannelFrame, publishFrames } from './publishFrames.ts'
import type { RedisLink } from './redisLink.ts'

/** Fan-out settings. */
export interface RedisFanoutOptions {
  redis: RedisLink
  /** Where entries a message did not bring are read from (a gap, a Redis reconnect). */
  storage: Pick<Storage, 'readLog'>
  logger: RoomLogger
  /** How often rooms are checked for a gap in the log they hold, in milliseconds (default 1000). */
  gapCheckMs?: number
}

/** Counters of one process's fan-out traffic, for the health endpoint and tests. */
export interface FanoutStats {
  /** Rooms this process follows (has loaded) now. */
  rooms: number
  /** Messages it published (updates, awareness, queries). */
  published: number
  /** Frames they took: one per room per turn that had any. */
  publishes: number
  /** Redis commands the frames took: one per turn (per 256 frames) that had any. */
  commands: number
  /** Messages from other processes it received. */
  received: number
  /** Frames it published that came back to it, dropped unread. */
  ownEchoes: number
  /** Entries it had to read back from storage because no message brought them. */
  filledFromStorage: number
}

/** What the fan-out keeps per loaded room. */
interface RoomLink {
  room: Room
  channel: string
  listener: (message: Buffer) => void
  /** Messages that arrived while the room was still loading; null once it is ready. */
  early: FanoutMessage[] | null
  /** `room.log.contiguous` when a gap was first seen, to fill it only if it lasts. */
  gapAt: number | null
}

/** A room's messages of the current turn, published together when the turn ends. */
interface Outgoing {
  channel: string
  messages: Array<Omit<FanoutMessage, 'origin'>>
}

/** Entries read from storage per page when catching up. */
const CATCH_UP_PAGE = 1000

/**
 * Redis fan-out as a room extension: several server processes serve the same rooms.
 *
 * A process subscribes to a room's channel only while it has the room loaded, so it
 * handles only its own rooms' traffic. An update accepted here is stored first (the
 * persistence extension runs before this one), then published with its log position and
 * this process's id, then relayed to local clients. An update from another process is
 * applied and relayed to local clients but never stored again (`RemoteOrigin`).
 *
 * Joining: subscribe first (messages wait), read the log after what the load brought, then
 * apply the waiting messages: anything published before the subscription was stored before
 * the read. A message Redis never delivered (the sender died between storing and
 * publishing, a Redis reconnect) leaves a gap in `room.log`; a gap that lasts one check, and
 * every room after a reconnect, is filled from storage. Awareness travels the same channel;
 * states of clients of a process that died expire on the others after y-protocols' 30 s
 * timeout.
 *
 * Traffic: what a room has to publish within one turn goes out as one binary frame (its
 * messages in order), and the frames of every room of that turn in one Redis command, once
 * the work the turn started has run (`#queue`). Redis hands a process its own frames back; it
 * recognises them by their first bytes and drops them unread.
 */
export class RedisFanout {
  readonly #options: RedisFanoutOptions
  readonly #links = new Map<Room, RoomLink>()
  readonly #timer: NodeJS.Timeout
  readonly #stats = {
    published: 0,
    publishes: 0,
    commands: 0,
    received: 0,
    ownEchoes: 0,
    filledFromStorage: 0,
  }
  /** This process's frames start with these bytes (after the first). */
  readonly #mark: Uint8Array
  /** Per room, the messages of this turn not yet published, in order. */
  readonly #outgoing = new Map<string, Outgoing>()
  #flushScheduled = false

  constructor(options: RedisFanoutOptions) {
    this.#options = options
    this.#mark = originMark(options.redis.processId)
    this.#timer = setInterval(() => this.#checkGaps(), options.gapCheckMs ?? 1000)
    this.#timer.unref()
    options.redis.onReconnect(() => {
      for (const link of this.#links.values()) void this.#catchUp(link)
    })
  }

  /** The room extension; place it after persistence, which sets each change's `seq`. */
  get extension(): RoomExtension {
    return {
      onLoad: (room) => this.#follow(room),
      onReady: async (room) => {
        const link = this.#links.get(room)
        if (!link) return
        // A room that fails to load never unloads: its subscription must not outlive it.
        await this.#catchUp(link).catch(async (error: unknown) => {
          await this.#unfollow(room)
          throw error
        })
        for (const message of link.early ?? []) this.#apply(link, message)
        link.early = null
        this.#queue(room.id, { kind: FanoutKind.awarenessQuery, seq: 0, payload: new Uint8Array() })
      },
      // Synchronous: publishing queues the message, the relay here need not wait for Redis.
      onChange: (room, change) => {
        if (change.remote || change.seq === undefined) return undefined
        this.#queue(room.id, { kind: FanoutKind.update, seq: change.seq, payload: change.update })
        return undefined
      },
      onAwarenessChange: (room, change) => {
        if (!change.local) return
        const payload = awarenessProtocol.encodeAwarenessUpdate(room.awareness, change.clients)
        this.#queue(room.id, { kind: FanoutKind.awareness, seq: 0, payload })
      },
      onUnload: (room) => this.#unfollow(room),
    }
  }

  /** Counters since start. */
  stats(): FanoutStats {
    return { rooms: this.#links.size, ...this.#stats }
  }

  /** Publishes what this turn still holds and stops the gap checks (the Redis link is closed by its owner). */
  close(): void {
    this.#flush()
    clearInterval(this.#timer)
  }

  async #follow(room: Room): Promise<void> {
    const link: RoomLink = {
      room,
      channel: this.#options.redis.key(`room:${room.id}`),
      listener: (bytes) => this.#receive(link, bytes),
      early: [],
      gapAt: null,
    }
    this.#links.set(room, link)
    await this.#options.redis.subscriber.subscribe(link.channel, link.listener, true)
  }

  async #unfollow(room: Room): Promise<void> {
    const link = this.#links.get(room)
    if (!link) return
    this.#links.delete(room)
    await this.#options.redis.subscriber.unsubscribe(link.channel, link.listener, true)
  }

  #receive(link: RoomLink, bytes: Buffer): void {
    // Redis sends every subscriber its own frames too: dropped before any decoding (the
    // origin sits at the same place in a one-message frame and in a batch).
    if (sentBy(bytes, this.#mark)) {
      this.#stats.ownEchoes++
      return
    }
    let messages: FanoutMessage[]
    try {
      messages = decodeFanoutFrame(bytes)
    } catch (error) {
      this.#options.logger.warn({ room: link.room.id, reason: String(error) }, 'refused fan-out message')
      return
    }
    for (const message of messages) {
      this.#stats.received++
      if (link.early) link.early.push(message)
      else this.#apply(link, message)
    }
  }

  #apply(link: RoomLink, message: FanoutMessage): void {
    const { room } = link
    if (room.failed) return
    try {
      switch (message.kind) {
        case FanoutKind.update:
          this.#applyStored(room, message.seq, message.payload)
          return
        case FanoutKind.awareness:
          awarenessProtocol.applyAwarenessUpdate(room.awareness, message.payload, new RemoteOrigin())
          return
        case FanoutKind.awarenessQuery: {
          const local = [...room.connections.values()].flatMap((ids) => [...ids])
          if (local.length === 0) return
          const payload = awarenessProtocol.encodeAwarenessUpdate(room.awareness, local)
          this.#queue(room.id, { kind: FanoutKind.awareness, seq: 0, payload })
          return
        }
      }
    } catch (error) {
      this.#options.logger.warn({ room: room.id, reason: String(error) }, 'fan-out message failed to apply')
    }
  }

  /** Applies an entry another process stored: relayed to local clients, not stored again. */
  #applyStored(room: Room, seq: number, update: Uint8Array): void {
    room.apply(update, new RemoteOrigin(seq))
    // Noted whether or not the doc changed: an update it already held is held all the same.
    room.log.note(seq)
  }

  /** Applies every stored entry after the room's contiguous prefix. */
  async #catchUp(link: RoomLink): Promise<void> {
    const { room } = link
    for (;;) {
      const entries = await this.#options.storage.readLog(room.id, room.log.contiguous, CATCH_UP_PAGE)
      if (room.failed) return
      for (const entry of entries) this.#applyStored(room, entry.seq, entry.update)
      this.#stats.filledFromStorage += entries.length
      if (entries.length < CATCH_UP_PAGE) return
    }
  }

  /** Fills a gap that outlasted one check: the message that would close it is not coming. */
  #checkGaps(): void {
    for (const link of this.#links.values()) {
      if (!link.room.log.hasGap || link.early) {
        link.gapAt = null
        continue
      }
      if (link.gapAt === link.room.log.contiguous) {
        link.gapAt = null
        void this.#catchUp(link).catch((error: unknown) =>
          this.#options.logger.error({ room: link.room.id, err: String(error) }, 'could not fill log gap'),
        )
      } else {
        link.gapAt = link.room.log.contiguous
      }
    }
  }

  /**
   * Queues a message for the room's frame of this turn. The first message of a turn schedules
   * the flush with `process.nextTick`: it runs once the callback that queued it and every
   * promise reaction it set off have run (a group commit settling resolves many rooms' stores
   * at once), before the event loop moves on. So a lone message waits for nothing else, and
   * the Redis client writes the turn's command at its own `setImmediate`.
   */
  #queue(roomId: string, message: Omit<FanoutMessage, 'origin'>): void {
    let outgoing = this.#outgoing.get(roomId)
    if (!outgoing) {
      outgoing = { channel: this.#options.redis.key(`room:${roomId}`), messages: [] }
      this.#outgoing.set(roomId, outgoing)
    }
    outgoing.messages.push(message)
    if (this.#flushScheduled) return
    this.#flushScheduled = true
    process.nextTick(() => this.#flush())
  }

  /**
   * Publishes each room's queued messages as one frame, rooms in the order they first queued,
   * all rooms' frames in one command (see `publishFrames`).
   */
  #flush(): void {
    this.#flushScheduled = false
    if (this.#outgoing.size === 0) return
    const { redis, logger } = this.#options
    const frames: ChannelFrame[] = []
    for (const { channel, messages } of this.#outgoing.values()) {
      const frame = encodeFanoutBatch(redis.processId, messages)
      this.#stats.published += messages.length
      // A view of the frame's bytes, not a copy.
      frames.push({ channel, frame: Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength) })
    }
    this.#outgoing.clear()
    this.#stats.publishes += frames.length
    // Not awaited: the rooms' queues must not wait on Redis. Commands on one connection keep
    // their order, and a frame lost here is a gap the receivers fill from storage.
    const commands = publishFrames(redis.publisher, frames)
    this.#stats.commands += commands.length
    for (const sent of commands) {
      sent.catch((error: unknown) => {
        logger.warn({ frames: frames.length, reason: String(error) }, 'fan-out publish failed')
      })
    }
  }
}
