/**
 * Y.Map against y-utility's YKeyValue for tldraw records (one entry per record id), under
 * the board's write pattern: many records, each overwritten often (a shape being dragged).
 * Prints encoded document size, time to apply the writes, and time for a new client to load
 * the document. Run: `node tests/bench/recordStructure.ts`.
 */
import { YKeyValue } from 'y-utility/y-keyvalue'
import * as Y from 'yjs'

const RECORDS = 200
const kvs = new WeakMap<Y.Doc, YKeyValue<unknown>>()
const WRITES_PER_RECORD = 100

function shapeRecord(i: number, step: number) {
  return {
    id: `shape:${i}`,
    typeName: 'shape',
    type: 'geo',
    x: 100 + step * 3,
    y: 80 + i * 12,
    rotation: 0,
    index: `a${i}`,
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { geo: 'rectangle', w: 160, h: 100, color: 'black', fill: 'none', dash: 'draw', size: 'm' },
  }
}

function measure(
  name: string,
  write: (doc: Y.Doc, key: string, value: unknown) => void,
  read: (doc: Y.Doc) => number,
) {
  const doc = new Y.Doc()
  const started = performance.now()
  for (let step = 0; step < WRITES_PER_RECORD; step++) {
    for (let i = 0; i < RECORDS; i++) doc.transact(() => write(doc, `shape:${i}`, shapeRecord(i, step)))
  }
  const writeMs = performance.now() - started
  const state = Y.encodeStateAsUpdate(doc)
  const loadStarted = performance.now()
  const fresh = new Y.Doc()
  Y.applyUpdate(fresh, state)
  const count = read(fresh)
  const loadMs = performance.now() - loadStarted
  return {
    structure: name,
    records: count,
    writes: RECORDS * WRITES_PER_RECORD,
    docBytes: state.byteLength,
    writeMs: Math.round(writeMs),
    loadMs: Math.round(loadMs * 10) / 10,
  }
}

const rows = [
  measure(
    'Y.Map',
    (doc, key, value) => doc.getMap('records').set(key, value),
    (doc) => doc.getMap('records').size,
  ),
  measure(
    'YKeyValue',
    (doc, key, value) => {
      const kv =
        kvs.get(doc) ?? new YKeyValue<unknown>(doc.getArray<{ key: string; val: unknown }>('records'))
      kvs.set(doc, kv)
      kv.set(key, value)
    },
    (doc) => new YKeyValue<unknown>(doc.getArray<{ key: string; val: unknown }>('records')).map.size,
  ),
]

console.table(rows)
