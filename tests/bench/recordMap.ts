/**
 * `node tests/bench/recordMap.ts`: what one record change costs the board's record map, on
 * the side that writes it and on a side that receives it, as a session's history grows: the
 * board's `YRecordMap` against y-utility's YKeyValue (which the board used until session 7).
 * Each board has `shapes` shapes and `history` earlier moves (a move deletes the shape's entry
 * and appends the new one, as both write); then a writer moves random shapes and a receiver
 * applies each update, both with the map open. Prints µs per change, medians of 3 runs.
 */
import { YRecordMap } from '@roofline/shared'
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'
import { shapeRecord } from './benchClients.ts'
import { median } from './stats.ts'

type Entry = { key: string; val: unknown }
/** The two maps, as far as this needs them. */
interface RecordMapLike {
  set(key: string, val: unknown): void
  destroy(): void
}
const implementations: Record<string, (array: Y.Array<Entry>) => RecordMapLike> = {
  YKeyValue: (array) => new YKeyValue<unknown>(array),
  YRecordMap: (array) => new YRecordMap<unknown>(array),
}

/**
 * Moves `key`'s entry to the end with a new value, as a record write does (the entry deleted,
 * the new one appended, in one transaction), in an array whose order of keys `order` mirrors
 * (and is kept in step): no scan of the array, so histories of any length build quickly.
 */
function moveEntry<T>(array: Y.Array<{ key: string; val: T }>, order: string[], key: string, val: T): void {
  const index = order.indexOf(key)
  order.splice(index, 1)
  order.push(key)
  array.doc?.transact(() => {
    array.delete(index, 1)
    array.push([{ key, val }])
  })
}

/**
 * The updates that draw a board of `shapes` shapes and then move them `history` times, two
 * people taking turns, written to the array directly (fast for any size). Applied one by one,
 * as by a client that was there all along: its array then holds the deleted entries of both
 * people between the live ones (entries of one person merge into one item, two people's do
 * not), which a document loaded from one encoded state would not.
 */
function boardUpdates(shapes: number, history: number): Uint8Array[] {
  const people = [new Y.Doc(), new Y.Doc()]
  const updates: Uint8Array[] = []
  for (const [i, doc] of people.entries()) {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'other') return
      updates.push(update)
      Y.applyUpdate(people[1 - i] as Y.Doc, update, 'other')
    })
  }
  const order = Array.from({ length: shapes }, (_, i) => `shape:${i}`)
  people[0]
    ?.getArray<Entry>('tl_records')
    .push(order.map((key, i) => ({ key, val: shapeRecord(key, i, 0, 0) })))
  for (let step = 0; step < history; step++) {
    const doc = people[step % 2] as Y.Doc
    const array = doc.getArray<Entry>('tl_records')
    const key = `shape:${(step * 7919) % shapes}`
    moveEntry(array, order, key, shapeRecord(key, step, 0, 0))
  }
  return updates
}

/** µs per change for the writer and for the receiver, over `changes` changes. */
function measure(name: string, history: readonly Uint8Array[], shapes: number, changes: number) {
  const writer = new Y.Doc()
  const receiver = new Y.Doc()
  for (const update of history) {
    Y.applyUpdate(writer, update)
    Y.applyUpdate(receiver, update)
  }
  const writerMap = implementations[name]?.(writer.getArray<Entry>('tl_records'))
  const receiverMap = implementations[name]?.(receiver.getArray<Entry>('tl_records'))
  if (!writerMap || !receiverMap) throw new Error(`no implementation ${name}`)
  let update: Uint8Array | null = null
  writer.on('update', (u: Uint8Array) => {
    update = u
  })
  let writeMs = 0
  let receiveMs = 0
  for (let i = 0; i < changes; i++) {
    const key = `shape:${(i * 104729) % shapes}`
    const started = performance.now()
    writerMap.set(key, shapeRecord(key, i, 1, 0))
    const written = performance.now()
    if (update) Y.applyUpdate(receiver, update)
    receiveMs += performance.now() - written
    writeMs += written - started
  }
  writerMap.destroy()
  receiverMap.destroy()
  return { writeUs: (writeMs / changes) * 1000, receiveUs: (receiveMs / changes) * 1000 }
}

const rows = []
for (const shapes of [200, 5000]) {
  for (const history of [1000, 20_000]) {
    const updates = boardUpdates(shapes, history)
    for (const name of Object.keys(implementations)) {
      const runs = [1, 2, 3].map(() => measure(name, updates, shapes, 200))
      rows.push({
        map: name,
        shapes,
        history,
        'write µs': Math.round(median(runs.map((r) => r.writeUs))),
        'receive µs': Math.round(median(runs.map((r) => r.receiveUs))),
      })
    }
  }
}
console.table(rows)
