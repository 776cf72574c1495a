import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type RecordChange, type RecordEntry, YRecordMap } from './yRecordMap.ts'

type Value = { n: number; by: string }

/** A small deterministic generator, so a failing run can be run again. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** What the array says, by definition: for each key, its rightmost entry. */
function rightmostByKey(array: Y.Array<RecordEntry<Value>>): Map<string, Value> {
  const content = new Map<string, Value>()
  for (const { key, val } of array.toArray()) content.set(key, val)
  return content
}

/** A peer: a document, its map, and the content its change events describe, kept apart. */
function peer(name: string) {
  const doc = new Y.Doc()
  const map = new YRecordMap<Value>(doc.getArray('records'))
  const mirror = new Map<string, Value>()
  const events: Array<Map<string, RecordChange<Value>>> = []
  map.onChange((changes) => {
    events.push(changes)
    for (const [key, change] of changes) {
      if (change.action === 'delete') {
        expect(mirror.get(key)).toEqual(change.oldValue)
        mirror.delete(key)
      } else {
        if (change.action === 'update') expect(mirror.get(key)).toEqual(change.oldValue)
        else expect(mirror.has(key)).toBe(false)
        mirror.set(key, change.newValue)
      }
    }
  })
  return { name, doc, map, mirror, events }
}

describe('YRecordMap', () => {
  it('sets, updates and deletes keys, telling listeners each change once', () => {
    const a = peer('a')
    a.map.set('x', { n: 1, by: 'a' })
    a.map.set('y', { n: 2, by: 'a' })
    a.map.set('x', { n: 3, by: 'a' })
    a.map.delete('y')
    a.map.delete('missing')
    expect([...a.map.entries()]).toEqual([['x', { n: 3, by: 'a' }]])
    expect(a.map.get('x')).toEqual({ n: 3, by: 'a' })
    expect(a.map.has('y')).toBe(false)
    expect(a.events.map((changes) => [...changes.values()].map((c) => c.action))).toEqual([
      ['add'],
      ['add'],
      ['update'],
      ['delete'],
    ])
    // One live entry per key: the old ones are deleted, not left behind.
    expect(a.doc.getArray('records').length).toBe(1)
  })

  it('writes a key more than once in one transaction: the last write holds', () => {
    const a = peer('a')
    a.map.set('gone', { n: 0, by: 'a' })
    a.doc.transact(() => {
      a.map.set('x', { n: 1, by: 'a' })
      a.map.set('x', { n: 2, by: 'a' })
      a.map.set('y', { n: 1, by: 'a' })
      a.map.delete('y')
      a.map.delete('gone')
      a.map.set('gone', { n: 3, by: 'a' })
    })
    expect(Object.fromEntries(a.map.entries())).toEqual({ x: { n: 2, by: 'a' }, gone: { n: 3, by: 'a' } })
    expect(a.mirror).toEqual(new Map(a.map.entries()))
    expect(a.doc.getArray('records').length).toBe(2)
  })

  it('deletes one entry out of an item that holds several', () => {
    const doc = new Y.Doc()
    const array = doc.getArray<RecordEntry<Value>>('records')
    array.push(['a', 'b', 'c', 'd'].map((key, n) => ({ key, val: { n, by: 'seed' } })))
    const map = new YRecordMap<Value>(array)
    map.delete('b')
    map.set('c', { n: 9, by: 'seed' })
    expect(array.toArray().map((e) => e.key)).toEqual(['a', 'd', 'c'])
    expect(Object.fromEntries(map.entries())).toEqual({
      a: { n: 0, by: 'seed' },
      c: { n: 9, by: 'seed' },
      d: { n: 3, by: 'seed' },
    })
  })

  it('opens a board with several entries for a key (as YKeyValue writes them concurrently): the rightmost wins, the rest go', () => {
    const doc = new Y.Doc()
    const array = doc.getArray<RecordEntry<Value>>('records')
    array.push([
      { key: 'x', val: { n: 1, by: 'old' } },
      { key: 'y', val: { n: 1, by: 'old' } },
    ])
    array.push([{ key: 'x', val: { n: 2, by: 'new' } }])
    const map = new YRecordMap<Value>(array)
    expect(map.get('x')).toEqual({ n: 2, by: 'new' })
    expect(array.toArray()).toEqual([
      { key: 'y', val: { n: 1, by: 'old' } },
      { key: 'x', val: { n: 2, by: 'new' } },
    ])
  })

  it('takes entries written other ways by position: the rightmost for a key wins, wherever it was inserted', () => {
    const doc = new Y.Doc()
    const array = doc.getArray<RecordEntry<Value>>('records')
    const entry = (key: string, n: number) => ({ key, val: { n, by: 'raw' } })
    array.push([entry('x', 1), entry('p', 1), entry('q', 1), entry('r', 1)])
    const map = new YRecordMap<Value>(array)
    // Inserted mid-array, right of x's entry: it wins, though it is not at the end.
    array.insert(2, [entry('x', 2)])
    expect(map.get('x')).toEqual({ n: 2, by: 'raw' })
    // Inserted left of x's entry: it loses, and goes.
    array.insert(0, [entry('x', 3)])
    expect(map.get('x')).toEqual({ n: 2, by: 'raw' })
    // One transaction writing a key twice: the later entry wins.
    array.push([entry('y', 1), entry('y', 2)])
    expect(map.get('y')).toEqual({ n: 2, by: 'raw' })
    expect(array.toArray().map((e) => `${e.key}${e.val.n}`)).toEqual(['p1', 'x2', 'q1', 'r1', 'y2'])
  })

  it('keeps one of two concurrent writes of a key, the same on both sides, whichever side Yjs orders first', () => {
    for (let round = 0; round < 20; round++) {
      const a = peer('a')
      const b = peer('b')
      a.map.set('x', { n: 0, by: 'seed' })
      Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc))
      // Some rounds, another key written first, and rewritten: the two entries for x then lie
      // apart, with deleted entries between them (which keep Yjs from merging them into one item).
      for (let k = 0; k < round % 4; k++) a.map.set('other', { n: k, by: 'a' })
      a.map.set('x', { n: 1, by: 'a' })
      b.map.set('x', { n: 1, by: 'b' })
      // Each side receives the other's write before it hears how the other resolved the clash.
      const fromA = Y.encodeStateAsUpdate(a.doc)
      const fromB = Y.encodeStateAsUpdate(b.doc)
      Y.applyUpdate(a.doc, fromB)
      Y.applyUpdate(b.doc, fromA)
      Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc))
      Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc))
      const where = `client ids ${a.doc.clientID} and ${b.doc.clientID}`
      // Neither write is lost by both sides deleting each other's: the rightmost entry stays.
      const winner = rightmostByKey(a.doc.getArray('records')).get('x')
      expect(winner?.n, where).toBe(1)
      expect(a.map.get('x'), where).toEqual(winner)
      expect(b.map.get('x'), where).toEqual(winner)
      const keys = round % 4 > 0 ? 2 : 1
      expect(a.doc.getArray('records').length, where).toBe(keys)
      expect(b.doc.getArray('records').length, where).toBe(keys)
    }
  })

  it('converges with concurrent writers and any delivery order, to what the array says, events included', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seeded(seed)
      const peers = [peer('a'), peer('b'), peer('c')]
      // Updates each peer has not received yet, in the order they were made.
      const inbox = new Map(peers.map((p) => [p, [] as Uint8Array[]]))
      for (const from of peers) {
        from.doc.on('update', (update: Uint8Array, origin: unknown) => {
          if (origin === 'network') return
          for (const to of peers) if (to !== from) inbox.get(to)?.push(update)
        })
      }
      const deliver = (to: (typeof peers)[number], count: number) => {
        const waiting = inbox.get(to) ?? []
        for (const update of waiting.splice(0, count)) Y.applyUpdate(to.doc, update, 'network')
      }
      const keys = ['k0', 'k1', 'k2', 'k3', 'k4']
      for (let step = 0; step < 150; step++) {
        const p = peers[Math.floor(random() * peers.length)] as (typeof peers)[number]
        const key = keys[Math.floor(random() * keys.length)] as string
        const roll = random()
        if (roll < 0.55) p.map.set(key, { n: step, by: p.name })
        else if (roll < 0.7) p.map.delete(key)
        else deliver(p, Math.floor(random() * 4))
      }
      for (let round = 0; round < 3; round++) for (const p of peers) deliver(p, Number.MAX_SAFE_INTEGER)

      const expected = rightmostByKey(peers[0]?.doc.getArray('records') as Y.Array<RecordEntry<Value>>)
      for (const p of peers) {
        const where = `seed ${seed}, peer ${p.name}`
        expect(new Map(p.map.entries()), where).toEqual(expected)
        expect(p.mirror, where).toEqual(expected)
        // Overridden entries were deleted: one live entry per key is left.
        expect(p.doc.getArray('records').length, where).toBe(expected.size)
      }
    }
  })

  it('a freshly opened map reads what a live one holds', () => {
    const a = peer('a')
    for (let i = 0; i < 50; i++) a.map.set(`k${i % 7}`, { n: i, by: 'a' })
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.doc))
    const reopened = new YRecordMap<Value>(copy.getArray('records'))
    expect(new Map(reopened.entries())).toEqual(new Map(a.map.entries()))
    expect(reopened.size).toBe(7)
    // Entry ids survive the encoding: the same id holds the same value on both.
    const ids = (map: YRecordMap<Value>) => new Map([...map.entriesWithIds()].map(([key, , id]) => [key, id]))
    expect(ids(reopened)).toEqual(ids(a.map))
    const before = ids(a.map)
    a.map.set('k3', { n: 99, by: 'a' })
    const after = ids(a.map)
    for (const [key, id] of before) {
      if (key === 'k3') expect(after.get(key)).not.toBe(id)
      else expect(after.get(key)).toBe(id)
    }
  })

  it('stops telling listeners once they unsubscribe or the map is destroyed', () => {
    const a = peer('a')
    let calls = 0
    const stop = a.map.onChange(() => calls++)
    a.map.set('x', { n: 1, by: 'a' })
    stop()
    a.map.set('x', { n: 2, by: 'a' })
    expect(calls).toBe(1)
    a.map.destroy()
    a.map.set('y', { n: 1, by: 'a' })
    expect(a.events.length).toBe(2)
  })
})
