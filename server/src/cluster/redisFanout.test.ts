import { randomBytes } from 'node:crypto'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { requiredService } from '../requiredService.ts'
import { Room } from '../rooms/room.ts'
import type { RoomChange } from '../rooms/roomLifecycle.ts'
import { decodeFanoutFrame, FanoutKind } from './fanoutMessage.ts'
import { RedisFanout } from './redisFanout.ts'
import { connectRedis, type RedisClient, type RedisLink } from './redisLink.ts'

/**
 * The fan-out's traffic against a real Redis: what one turn publishes, and what a process does
 * with its own frames. Required in CI (CI=true fails without Redis), skipped loudly elsewhere.
 */
const url = process.env.ROOFLINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const available = await requiredService('Redis', url, 'ROOFLINE_TEST_REDIS_URL', async () => {
  const probe = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 2000 } })
  probe.on('error', () => {})
  try {
    await probe.connect()
    await probe.ping()
  } finally {
    if (probe.isOpen) await probe.close()
  }
})

const logger = { info: () => {}, warn: () => {}, error: () => {} }
const storage = { readLog: async () => [] }
/** Resolves at the next turn of the event loop (after this turn's `setImmediate`s). */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/** A local change as persistence hands it on: stored at `seq`, from no connection. */
function localChange(update: Uint8Array, seq: number): RoomChange {
  return { update, origin: null, at: Date.now(), remote: false, seq }
}

/** The update of a fresh document setting `key` of the board's record map to its number. */
function setKey(key: string): Uint8Array {
  const doc = new Y.Doc()
  let update: Uint8Array | undefined
  doc.on('update', (made: Uint8Array) => {
    update = made
  })
  doc.getMap('records').set(key, Number(key.split(':')[1]))
  if (!update) throw new Error('no update')
  return update
}

/** `count` Yjs updates of one document, each setting one key of the board's record map. */
function updates(count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const made: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => made.push(update))
  for (let i = 0; i < count; i++) doc.getMap('records').set(`shape:${i}`, i)
  return made
}

describe.runIf(available)('Redis fan-out traffic', () => {
  const prefix = `roofline-test-${randomBytes(6).toString('hex')}:`
  let links: RedisLink[] = []
  let watcher: RedisClient
  /** Frames seen on a room's channel, by a plain subscriber. */
  const frames: Buffer[] = []

  beforeAll(async () => {
    links = await Promise.all([1, 2].map(() => connectRedis(url, { prefix, logger })))
    watcher = createClient({ url })
    await watcher.connect()
    await watcher.pSubscribe(`${prefix}room:*`, (frame) => frames.push(frame), true)
  })
  afterAll(async () => {
    await watcher?.close()
    await Promise.all(links.map((link) => link.close()))
  })

  /** A process's fan-out on `link` (gap checks out of the way). */
  const fanoutOn = (link: RedisLink) => new RedisFanout({ redis: link, storage, logger, gapCheckMs: 60_000 })

  /** `fanout` following a fresh room `id`, loaded and ready. */
  async function follow(fanout: RedisFanout, id: string): Promise<Room> {
    const room = new Room(id)
    await fanout.extension.onLoad?.(room)
    await fanout.extension.onReady?.(room)
    return room
  }

  /** Waits until the watcher saw `count` frames more than `before`. */
  async function framesAfter(before: number, count: number): Promise<Buffer[]> {
    const deadline = Date.now() + 5000
    while (frames.length < before + count && Date.now() < deadline) await nextTurn()
    return frames.slice(before)
  }

  it("publishes one turn's updates of a room as one frame, in order, and a lone update within its turn", async () => {
    const [link] = links
    if (!link) throw new Error('no Redis link')
    const fanout = fanoutOn(link)
    const room = await follow(fanout, 'batch')
    // The ready room's awareness query goes out first, in a turn of its own.
    await framesAfter(0, 1)
    await nextTurn()
    const before = fanout.stats()

    const channel = `${prefix}room:batch`
    /**
     * The frames that reach Redis before a marker published on the fan-out's own connection
     * once the current turn is over: Redis runs one connection's commands in order, so these are
     * exactly what the fan-out sent within the turn.
     */
    const sentWithinTurn = async (marker: string): Promise<Buffer[]> => {
      const from = frames.length
      await nextTurn()
      await link.publisher.publish(channel, marker)
      const deadline = Date.now() + 5000
      while (!frames.slice(from).some((f) => f.toString() === marker) && Date.now() < deadline)
        await nextTurn()
      const sent = frames.slice(from)
      return sent.slice(
        0,
        sent.findIndex((f) => f.toString() === marker),
      )
    }

    const burst = updates(5)
    for (const [i, update] of burst.entries()) fanout.extension.onChange?.(room, localChange(update, i + 1))
    // Queued, not yet sent: the turn is not over.
    expect(fanout.stats().publishes).toBe(before.publishes)
    const [frame, ...more] = await sentWithinTurn('marker-1')
    expect(more).toHaveLength(0)
    if (!frame) throw new Error('no frame reached Redis within the turn')
    const messages = decodeFanoutFrame(frame)
    expect(messages.map((m) => [m.kind, m.seq])).toEqual(burst.map((_, i) => [FanoutKind.update, i + 1]))
    expect(messages.map((m) => [...m.payload])).toEqual(burst.map((update) => [...update]))
    expect(fanout.stats()).toMatchObject({ published: before.published + 5, publishes: before.publishes + 1 })

    // A lone update waits for nothing: it is on its way by the end of the turn it was made in.
    const [lone] = updates(1)
    if (!lone) throw new Error('no update')
    fanout.extension.onChange?.(room, localChange(lone, 6))
    const loneFrames = await sentWithinTurn('marker-2')
    expect(loneFrames.map((f) => decodeFanoutFrame(f).map((m) => m.seq))).toEqual([[6]])
    fanout.close()
  })

  it("sends several rooms' frames of one turn, and drops its own frames unread while the other process applies them", async () => {
    const [first, second] = links
    if (!first || !second) throw new Error('no Redis links')
    const a = fanoutOn(first)
    const b = fanoutOn(second)
    const start = frames.length
    const onA = [await follow(a, 'echo-1'), await follow(a, 'echo-2')]
    const onB = [await follow(b, 'echo-1'), await follow(b, 'echo-2')]
    // Each ready room's awareness query, before anything measured.
    await framesAfter(start, 4)
    await nextTurn()
    const before = { a: a.stats(), b: b.stats() }
    const seen = frames.length

    // Two rooms changed on A in one turn: a frame each, both in the turn's one command.
    for (const [i, room] of onA.entries()) a.extension.onChange?.(room, localChange(setKey(`shape:${i}`), 1))
    const records = (room: Room) => room.doc.getMap('records').toJSON()
    const deadline = Date.now() + 5000
    while (onB.some((room) => Object.keys(records(room)).length === 0) && Date.now() < deadline)
      await nextTurn()
    expect(onB.map(records)).toEqual([{ 'shape:0': 0 }, { 'shape:1': 1 }])
    expect(onB.map((room) => room.log.contiguous)).toEqual([1, 1])
    expect(a.stats()).toMatchObject({
      published: before.a.published + 2,
      publishes: before.a.publishes + 2,
      commands: before.a.commands + 1,
    })
    expect((await framesAfter(seen, 2)).length).toBe(2)
    // A applied nothing of its own: both echoes were dropped before decoding.
    expect(onA.map(records)).toEqual([{}, {}])
    while (a.stats().ownEchoes < before.a.ownEchoes + 2 && Date.now() < deadline) await nextTurn()
    expect(a.stats()).toMatchObject({ received: before.a.received, ownEchoes: before.a.ownEchoes + 2 })
    expect(b.stats().received).toBe(before.b.received + 2)
    a.close()
    b.close()
  })
})
