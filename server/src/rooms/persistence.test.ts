import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SqliteStorage } from '../storage/sqliteStorage.ts'
import { persistence } from './persistence.ts'
import type { Connection, Principal } from './room.ts'
import { RemoteOrigin, RoomLifecycle } from './roomLifecycle.ts'
import { encodeUpdate } from './yMessages.ts'

const silent = { info() {}, warn() {}, error() {} }
const editor: Principal = { role: 'editor', canWrite: true }
const connection = (id: string): Connection => ({ id, principal: editor, send() {}, close() {} })

function setup(
  options: { checkpointEvery: number; checkpointIntervalMs: number; checkpointBytes?: number },
  idleMs = 10_000,
) {
  const storage = new SqliteStorage(':memory:')
  const lifecycle = new RoomLifecycle({
    extensions: [
      { onAuthenticate: async () => editor },
      persistence(storage, { snapshotEvery: 1_000_000, ...options }),
    ],
    logger: silent,
    idleMs,
  })
  return { storage, lifecycle }
}

/** A client-side document whose every change becomes one update message. */
function writer() {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  return { doc, updates, map: doc.getMap<number>('m') }
}

/** The log replayed up to and including `seq`, as plain content. */
async function logContentUpTo(storage: SqliteStorage, roomId: string, seq: number) {
  const doc = new Y.Doc()
  for (const entry of await storage.readLog(roomId, 0, seq)) Y.applyUpdate(doc, entry.update)
  return doc.getMap('m').toJSON()
}

function stateContent(state: Uint8Array) {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc.getMap('m').toJSON()
}

describe('persistence checkpoints', () => {
  it('keeps a checkpoint every N updates, each holding exactly the log up to its position', async () => {
    const { storage, lifecycle } = setup({ checkpointEvery: 10, checkpointIntervalMs: 3_600_000 })
    const client = writer()
    const a = connection('a')
    const room = await lifecycle.join('r', a)
    // Bursts of updates sent without waiting, so changes queue up behind each other.
    for (let burst = 0; burst < 8; burst++) {
      for (let i = 0; i < 13; i++) client.map.set(`k${burst}-${i}`, i)
      for (const update of client.updates.splice(0)) lifecycle.receive(room, a, encodeUpdate(update))
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    await room.settled()
    const checkpoints = await storage.readCheckpoints('r')
    expect(checkpoints.length).toBeGreaterThanOrEqual(5)
    for (const checkpoint of checkpoints) {
      expect(stateContent(checkpoint.state), `checkpoint at ${checkpoint.seq}`).toEqual(
        await logContentUpTo(storage, 'r', checkpoint.seq),
      )
      const [entry] = await storage.readLog('r', checkpoint.seq - 1, 1)
      expect(checkpoint.at).toBe(entry?.at)
    }
    const seqs = checkpoints.map((c) => c.seq)
    for (let i = 1; i < seqs.length; i++)
      expect((seqs[i] ?? 0) - (seqs[i - 1] ?? 0)).toBeGreaterThanOrEqual(10)
    await lifecycle.close()
  })

  it('keeps one after an interval even with few updates, and one on unload', async () => {
    const { storage, lifecycle } = setup({ checkpointEvery: 1_000, checkpointIntervalMs: 40 }, 10)
    const client = writer()
    const a = connection('a')
    const room = await lifecycle.join('r', a)
    const send = async (key: string) => {
      client.map.set(key, 1)
      for (const update of client.updates.splice(0)) lifecycle.receive(room, a, encodeUpdate(update))
      await room.settled()
    }
    await send('one')
    await new Promise((resolve) => setTimeout(resolve, 60))
    await send('two')
    expect((await storage.readCheckpoints('r')).map((c) => c.seq)).toEqual([2])
    await send('three')
    lifecycle.leave(room, a)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(lifecycle.loadedRoomCount).toBe(0)
    const checkpoints = await storage.readCheckpoints('r')
    expect(checkpoints.map((c) => c.seq)).toEqual([2, 3])
    expect(stateContent(checkpoints[1]?.state ?? new Uint8Array())).toEqual({ one: 1, two: 1, three: 1 })

    // After a reload, the interval counts from the latest checkpoint, not from zero.
    const again = await lifecycle.join('r', connection('b'))
    expect(again.doc.getMap('m').toJSON()).toEqual({ one: 1, two: 1, three: 1 })
    await lifecycle.close()
    expect((await storage.readCheckpoints('r')).map((c) => c.seq)).toEqual([2, 3])
  })

  it('keeps one once the updates since the last add up to the byte bound, as after a large paste', async () => {
    const { storage, lifecycle } = setup({
      checkpointEvery: 1_000,
      checkpointIntervalMs: 3_600_000,
      checkpointBytes: 4096,
    })
    const client = writer()
    const a = connection('a')
    const room = await lifecycle.join('r', a)
    const send = async (key: string, value: number | string) => {
      client.doc.getMap<number | string>('m').set(key, value)
      for (const update of client.updates.splice(0)) lifecycle.receive(room, a, encodeUpdate(update))
      await room.settled()
    }
    await send('small', 1)
    await send('paste', 'x'.repeat(5000))
    await send('after', 2)
    expect((await storage.readCheckpoints('r')).map((c) => c.seq)).toEqual([2])
    const [checkpoint] = await storage.readCheckpoints('r')
    expect(stateContent(checkpoint?.state ?? new Uint8Array())).toEqual(await logContentUpTo(storage, 'r', 2))
    // The bytes count again from that checkpoint: small updates under the bound add none.
    for (let i = 0; i < 20; i++) await send(`k${i}`, i)
    expect((await storage.readCheckpoints('r')).map((c) => c.seq)).toEqual([2])
    await send('second paste', 'y'.repeat(5000))
    expect((await storage.readCheckpoints('r')).map((c) => c.seq)).toEqual([2, 24])
    await lifecycle.close()
  })

  it('drops a room without storing what is still queued', async () => {
    const { storage, lifecycle } = setup({ checkpointEvery: 1_000, checkpointIntervalMs: 3_600_000 })
    const client = writer()
    const closed: string[] = []
    const a: Connection = { ...connection('a'), close: (_code, reason) => closed.push(reason) }
    const room = await lifecycle.join('r', a)
    client.map.set('kept', 1)
    for (const update of client.updates.splice(0)) lifecycle.receive(room, a, encodeUpdate(update))
    await room.settled()
    await lifecycle.drop('r', 4404, 'deleted')
    expect(closed).toEqual(['deleted'])
    expect(lifecycle.loadedRoomCount).toBe(0)
    await lifecycle.close()
    expect(await storage.readCheckpoints('r')).toEqual([])
    expect((await storage.loadRoom('r')).snapshot).toBeNull()
  })
})

describe('persistence appends', () => {
  it('starts the appends of a burst at once, so they share a commit, and stores them in order', async () => {
    const { storage, lifecycle } = setup({ checkpointEvery: 1_000, checkpointIntervalMs: 3_600_000 })
    const append = storage.appendUpdate.bind(storage)
    let inFlight = 0
    let most = 0
    storage.appendUpdate = (roomId, entry) => {
      most = Math.max(most, ++inFlight)
      return append(roomId, entry).finally(() => inFlight--)
    }
    const client = writer()
    const a = connection('a')
    const room = await lifecycle.join('r', a)
    for (let i = 0; i < 10; i++) client.map.set(`k${i}`, i)
    for (const update of client.updates.splice(0)) lifecycle.receive(room, a, encodeUpdate(update))
    await room.settled()
    expect(most).toBe(10)
    const log = await storage.readLog('r', 0, 100)
    expect(log.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    const doc = new Y.Doc()
    for (const entry of log) Y.applyUpdate(doc, entry.update)
    expect(doc.getMap('m').toJSON()).toEqual(
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])),
    )
    await lifecycle.close()
  })

  it('drops a room only once the appends it started are done, so a delete after it is final', async () => {
    const { storage, lifecycle } = setup({ checkpointEvery: 1_000, checkpointIntervalMs: 3_600_000 })
    // A storage whose commits take a while (a database over the network): the first append
    // is quick, the ones after it still pending when the room is dropped.
    const append = storage.appendUpdate.bind(storage)
    let calls = 0
    storage.appendUpdate = async (roomId, entry) => {
      if (calls++ > 0) await new Promise((resolve) => setTimeout(resolve, 30))
      return append(roomId, entry)
    }
    const client = writer()
    const a = connection('a')
    const room = await lifecycle.join('r', a)
    for (let i = 0; i < 5; i++) client.map.set(`k${i}`, i)
    for (const update of client.updates.splice(0)) lifecycle.receive(room, a, encodeUpdate(update))
    await lifecycle.drop('r', 4404, 'deleted')
    await storage.deleteSession('r')
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(await storage.readLog('r', 0, 100)).toEqual([])
    await lifecycle.close()
  })
})

describe('persistence with changes stored by another process', () => {
  it('stores a remote change no second time, and snapshots only the prefix it holds entirely', async () => {
    const { storage, lifecycle } = setup({ checkpointEvery: 1_000_000, checkpointIntervalMs: 3_600_000 })
    const room = await lifecycle.join('r', connection('a'))
    // Another process stored entries 1..3; this one receives 1 and 3, not (yet) 2.
    const other = writer()
    for (const key of ['one', 'two', 'three']) other.map.set(key, 1)
    const [one, two, three] = other.updates
    for (const [seq, update] of [
      [1, one],
      [2, two],
      [3, three],
    ] as const) {
      await storage.appendUpdate('r', { update: update as Uint8Array, at: seq, author: 'editor' })
    }
    Y.applyUpdate(room.doc, one as Uint8Array, new RemoteOrigin(1))
    room.log.note(1)
    Y.applyUpdate(room.doc, three as Uint8Array, new RemoteOrigin(3))
    room.log.note(3)
    await room.settled()
    expect((await storage.readLog('r', 0, 100)).map((entry) => entry.seq)).toEqual([1, 2, 3])

    await lifecycle.close()
    // The snapshot claims entry 1 only: entry 2 never reached this document.
    const { snapshot, updates } = await storage.loadRoom('r')
    expect(snapshot?.seq).toBe(1)
    expect(updates.map((entry) => entry.seq)).toEqual([2, 3])
  })
})
