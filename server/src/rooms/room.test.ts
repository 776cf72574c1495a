import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Room } from './room.ts'
import { encodeSyncStep2 } from './yMessages.ts'

const nothing = Y.encodeStateVector(new Y.Doc())
/** ~100 KiB of text: past the size from which a room keeps its whole-document answer. */
const LARGE = 'x'.repeat(100 * 1024)

/** The document a client holding nothing ends up with after `answer` (a sync step 2 message). */
function received(answer: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  // Type 0 (sync), step 2 (1), then the update with its varint length.
  let position = 2
  while ((answer[position] ?? 0) & 0x80) position++
  Y.applyUpdate(doc, answer.subarray(position + 1))
  return doc
}

/** An update made by another client: `change` applied to a copy of `room`'s document. */
function remoteChange(room: Room, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
  const before = Y.encodeStateVector(doc)
  change(doc)
  return Y.encodeStateAsUpdate(doc, before)
}

describe('Room.syncStep2', () => {
  const rooms: Room[] = []
  const largeRoom = () => {
    const room = new Room('r')
    rooms.push(room)
    room.doc.getMap('m').set('big', LARGE)
    return room
  }
  afterEach(() => {
    for (const room of rooms.splice(0)) room.destroy()
  })

  it('answers every client that holds nothing with the same bytes while the document is unchanged', () => {
    const room = largeRoom()
    const first = room.syncStep2(nothing)
    expect(first).toEqual(encodeSyncStep2(room.doc, nothing))
    // A joining client's own (empty) state changes nothing: the answer is kept.
    room.apply(Y.encodeStateAsUpdate(new Y.Doc()), null)
    expect(room.syncStep2(nothing)).toBe(first)
  })

  it('answers afresh once an update added or deleted something', () => {
    const room = largeRoom()
    const first = room.syncStep2(nothing)
    room.apply(
      remoteChange(room, (doc) => doc.getMap('m').set('added', 1)),
      null,
    )
    const afterInsert = room.syncStep2(nothing)
    expect(afterInsert).not.toBe(first)
    expect(received(afterInsert).getMap('m').get('added')).toBe(1)
    room.apply(
      remoteChange(room, (doc) => doc.getMap('m').delete('added')),
      null,
    )
    const afterDelete = room.syncStep2(nothing)
    expect(afterDelete).not.toBe(afterInsert)
    expect(received(afterDelete).getMap('m').has('added')).toBe(false)
    expect(received(afterDelete).getMap('m').get('big')).toBe(LARGE)
  })

  it('carries what the store holds pending, kept or not', () => {
    const room = largeRoom()
    room.syncStep2(nothing)
    // Two changes of another client; the second arrives first and waits for the first.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(room.doc))
    const start = Y.encodeStateVector(other)
    other.getMap('m').set('a', 1)
    const middle = Y.encodeStateVector(other)
    other.getMap('m').set('b', 2)
    room.apply(Y.encodeStateAsUpdate(other, middle), null)
    expect(room.doc.store.pendingStructs).not.toBeNull()
    expect(room.syncStep2(nothing)).toEqual(encodeSyncStep2(room.doc, nothing))
    room.apply(Y.encodeStateAsUpdate(other, start), null)
    expect(received(room.syncStep2(nothing)).getMap('m').toJSON()).toEqual({ big: LARGE, a: 1, b: 2 })
  })

  it('answers a client holding part of the document with what it lacks only', () => {
    const room = largeRoom()
    room.syncStep2(nothing)
    const client = received(room.syncStep2(nothing))
    room.doc.getMap('m').set('later', true)
    const answer = room.syncStep2(Y.encodeStateVector(client))
    expect(answer.byteLength).toBeLessThan(1024)
    expect(answer).toEqual(encodeSyncStep2(room.doc, Y.encodeStateVector(client)))
  })

  it('keeps no answer for a small document', () => {
    const room = new Room('small')
    rooms.push(room)
    room.doc.getMap('m').set('k', 'v')
    const first = room.syncStep2(nothing)
    expect(room.syncStep2(nothing)).not.toBe(first)
    expect(room.syncStep2(nothing)).toEqual(first)
  })
})
