import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SqliteStorage } from '../storage/sqliteStorage.ts'
import { persistence } from './persistence.ts'
import type { Connection, Principal, Room } from './room.ts'
import { AuthError, closeReason, type RoomExtension, RoomLifecycle } from './roomLifecycle.ts'
import { encodeUpdate } from './yMessages.ts'

const silent = { info() {}, warn() {}, error() {} }
const editor: Principal = { role: 'editor', canWrite: true }
const observer: Principal = { role: 'observer', canWrite: false }

/** A connection that keeps what it was sent: the lifecycle is tested apart from any socket. */
class RecordingConnection implements Connection {
  readonly id: string
  readonly principal: Principal
  readonly sent: Uint8Array[] = []
  closedWith: { code: number; reason: string } | null = null
  constructor(id: string, principal: Principal) {
    this.id = id
    this.principal = principal
  }
  send(message: Uint8Array) {
    this.sent.push(message)
  }
  close(code: number, reason: string) {
    this.closedWith = { code, reason }
  }
  /** Document updates this connection was sent (sync message, type update). */
  updates(): Uint8Array[] {
    return this.sent.flatMap((message) => {
      const decoder = decoding.createDecoder(message)
      if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 2) return []
      return [decoding.readVarUint8Array(decoder)]
    })
  }
}

function updateSetting(key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('m').set(key, value)
  return Y.encodeStateAsUpdate(doc)
}

/** Editors `a` and `b` joined to room `r`. */
async function twoEditors(
  lifecycle: RoomLifecycle,
): Promise<{ a: RecordingConnection; b: RecordingConnection; room: Room }> {
  const a = new RecordingConnection('a', editor)
  const b = new RecordingConnection('b', editor)
  const room = await lifecycle.join('r', a)
  await lifecycle.join('r', b)
  return { a, b, room }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

function setup(extra: RoomExtension[] = [], idleMs = 10_000) {
  const storage = new SqliteStorage(':memory:')
  const calls: string[] = []
  const spy: RoomExtension = {
    async onAuthenticate({ token }) {
      if (token === 'observer') return observer
      if (token === 'bad') throw new AuthError(403, 'revoked')
      return token ? editor : undefined
    },
    async onLoad(room) {
      calls.push(`load:${room.id}`)
    },
    async onChange() {
      calls.push('change')
    },
    async onStore(room) {
      calls.push(`store:${room.id}`)
    },
    async onUnload(room) {
      calls.push(`unload:${room.id}`)
    },
  }
  const lifecycle = new RoomLifecycle({
    extensions: [spy, persistence(storage, { snapshotEvery: 3 }), ...extra],
    logger: silent,
    idleMs,
  })
  return { storage, calls, lifecycle }
}

describe('RoomLifecycle', () => {
  it('authenticates through the hooks: admits, refuses, or refuses when nobody admits', async () => {
    const { lifecycle } = setup()
    expect(await lifecycle.authenticate({ roomId: 'r', token: 't' })).toEqual(editor)
    expect(await lifecycle.authenticate({ roomId: 'r', token: 'observer' })).toEqual(observer)
    await expect(lifecycle.authenticate({ roomId: 'r', token: 'bad' })).rejects.toMatchObject({ status: 403 })
    await expect(lifecycle.authenticate({ roomId: 'r', token: null })).rejects.toMatchObject({ status: 401 })
  })

  it('loads a room once on first join, however many join at the same time', async () => {
    const { lifecycle, calls } = setup()
    const [a, b] = await Promise.all([
      lifecycle.join('r', new RecordingConnection('a', editor)),
      lifecycle.join('r', new RecordingConnection('b', editor)),
    ])
    expect(a).toBe(b)
    expect(calls.filter((c) => c.startsWith('load'))).toEqual(['load:r'])
  })

  it('stores a change, then relays it to everyone but its sender', async () => {
    const { lifecycle, storage, calls } = setup()
    const { a, b, room } = await twoEditors(lifecycle)
    lifecycle.receive(room, a, encodeUpdate(updateSetting('k', 1)))
    await room.settled()
    expect(calls).toContain('change')
    expect((await storage.readLog('r', 0, 10)).map((e) => e.author)).toEqual(['editor'])
    expect(b.updates()).toHaveLength(1)
    expect(a.updates()).toHaveLength(0)
  })

  it('stores and relays the very bytes a client sent, and nothing for an update it already has', async () => {
    const { lifecycle, storage } = setup()
    const { a, b, room } = await twoEditors(lifecycle)
    const first = updateSetting('k', 1)
    lifecycle.receive(room, a, encodeUpdate(first))
    // The first update again, merged with a new one: Yjs' own encoding of the change would
    // hold only the new part; what is stored and relayed is what was sent, as sent.
    const both = Y.mergeUpdates([first, updateSetting('j', 2)])
    lifecycle.receive(room, a, encodeUpdate(both))
    lifecycle.receive(room, a, encodeUpdate(first))
    await room.settled()
    expect((await storage.readLog('r', 0, 10)).map((entry) => [...entry.update])).toEqual([
      [...first],
      [...both],
    ])
    expect(b.updates().map((update) => [...update])).toEqual([[...first], [...both]])
  })

  it('stores and relays an update whose dependency has not arrived yet, and the room reloads whole', async () => {
    const { lifecycle, storage } = setup([], 20)
    const { a, b, room } = await twoEditors(lifecycle)
    const source = new Y.Doc()
    const updates: Uint8Array[] = []
    source.on('update', (update: Uint8Array) => updates.push(update))
    source.getArray<number>('list').push([1])
    source.getArray<number>('list').push([2])
    const [earlier, later] = updates as [Uint8Array, Uint8Array]
    lifecycle.receive(room, a, encodeUpdate(later))
    await room.settled()
    expect(room.doc.getArray('list').toJSON()).toEqual([])
    expect((await storage.readLog('r', 0, 10)).map((entry) => [...entry.update])).toEqual([[...later]])
    expect(b.updates()).toHaveLength(1)
    lifecycle.receive(room, a, encodeUpdate(earlier))
    await room.settled()
    expect(room.doc.getArray('list').toJSON()).toEqual([1, 2])
    lifecycle.leave(room, a)
    lifecycle.leave(room, b)
    await new Promise((resolve) => setTimeout(resolve, 60))
    const reloaded = await lifecycle.join('r', new RecordingConnection('c', editor))
    expect(reloaded).not.toBe(room)
    expect(reloaded.doc.getArray('list').toJSON()).toEqual([1, 2])
  })

  it('stores and relays a change the server makes itself, encoded from the document', async () => {
    const serverMade: RoomExtension = {
      async onReady(room) {
        room.doc.getMap('m').set('welcome', 'hello')
      },
    }
    const { lifecycle, storage } = setup([serverMade])
    const room = await lifecycle.join('r', new RecordingConnection('a', editor))
    await room.settled()
    const log = await storage.readLog('r', 0, 10)
    expect(log.map((entry) => entry.author)).toEqual(['server'])
    const copy = new Y.Doc()
    for (const entry of log) Y.applyUpdate(copy, entry.update)
    expect(copy.getMap('m').toJSON()).toEqual({ welcome: 'hello' })
  })

  it('drops document updates from a read-only principal: not applied, stored or relayed', async () => {
    const { lifecycle, storage } = setup()
    const watcher = new RecordingConnection('w', editor)
    const reader = new RecordingConnection('o', observer)
    const room = await lifecycle.join('r', watcher)
    await lifecycle.join('r', reader)
    lifecycle.receive(room, reader, encodeUpdate(updateSetting('k', 'sneaky')))
    await room.settled()
    expect(room.doc.getMap('m').has('k')).toBe(false)
    expect(await storage.readLog('r', 0, 10)).toEqual([])
    expect(watcher.updates()).toHaveLength(0)
    expect(reader.closedWith).toBeNull()
  })

  it('unloads an empty room after the idle time, storing it first, and reloads it from storage', async () => {
    const { lifecycle, storage, calls } = setup([], 20)
    const a = new RecordingConnection('a', editor)
    const room = await lifecycle.join('r', a)
    for (let i = 0; i < 5; i++) lifecycle.receive(room, a, encodeUpdate(updateSetting(`k${i}`, i)))
    await room.settled()
    lifecycle.leave(room, a)
    expect(lifecycle.loadedRoomCount).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(lifecycle.loadedRoomCount).toBe(0)
    expect(calls.slice(-2)).toEqual(['store:r', 'unload:r'])
    expect((await storage.loadRoom('r')).snapshot?.seq).toBe(5)

    const again = await lifecycle.join('r', new RecordingConnection('b', editor))
    expect(again).not.toBe(room)
    expect(again.doc.getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2, k3: 3, k4: 4 })
  })

  it('keeps a room loaded while someone rejoins within the idle time', async () => {
    const { lifecycle } = setup([], 40)
    const a = new RecordingConnection('a', editor)
    const room = await lifecycle.join('r', a)
    lifecycle.leave(room, a)
    await tick()
    expect(await lifecycle.join('r', new RecordingConnection('b', editor))).toBe(room)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(lifecycle.loadedRoomCount).toBe(1)
  })

  it('when a change cannot be stored: relays nothing, disconnects everyone, reloads from storage', async () => {
    const { lifecycle, storage } = setup()
    const append = storage.appendUpdate.bind(storage)
    let failNext = false
    storage.appendUpdate = async (roomId, entry) => {
      if (failNext) throw new Error('disk full')
      return append(roomId, entry)
    }
    const { a, b, room } = await twoEditors(lifecycle)
    lifecycle.receive(room, a, encodeUpdate(updateSetting('kept', 1)))
    await room.settled()
    failNext = true
    lifecycle.receive(room, a, encodeUpdate(updateSetting('lost', 2)))
    await tick()
    expect(b.updates()).toHaveLength(1)
    expect(a.closedWith?.code).toBe(1011)
    expect(b.closedWith?.code).toBe(1011)
    failNext = false
    const reloaded = await lifecycle.join('r', new RecordingConnection('c', editor))
    expect(reloaded).not.toBe(room)
    expect(reloaded.doc.getMap('m').toJSON()).toEqual({ kept: 1 })
  })

  it('closes every connection and stores every room on close', async () => {
    const { lifecycle, calls } = setup()
    const a = new RecordingConnection('a', editor)
    await lifecycle.join('r1', a)
    await lifecycle.join('r2', new RecordingConnection('b', editor))
    await lifecycle.close()
    expect(a.closedWith?.code).toBe(1001)
    expect(calls.filter((c) => c.startsWith('store')).sort()).toEqual(['store:r1', 'store:r2'])
    expect(lifecycle.loadedRoomCount).toBe(0)
    await expect(lifecycle.join('r3', new RecordingConnection('c', editor))).rejects.toThrow(/shutting down/)
  })
})

describe('closeReason', () => {
  it('cuts a reason quoting client text to the 123 bytes a close frame holds', () => {
    expect(closeReason('short')).toBe('short')
    const cut = closeReason(`unknown root type "${'é'.repeat(200)}"`)
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(123)
    expect(cut.startsWith('unknown root type "é')).toBe(true)
  })
})
