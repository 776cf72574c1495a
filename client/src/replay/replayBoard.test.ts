import { boardDocKeys, type RecordEntry } from '@roofline/shared'
import { type ReplayCheckpoint, ReplayIndex, type ReplayLogEntry } from '@roofline/shared/replay'
import { createShapeId, getIndices, type TLRecord, type TLShape } from 'tldraw'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ReplayBoard } from './replayBoard.ts'

const SHAPES = 40
const indices = getIndices(SHAPES)

/** A geo shape as tldraw stores it, at `x`. */
function shape(i: number, x: number): TLShape {
  return {
    id: createShapeId(`s${i}`),
    typeName: 'shape',
    type: 'geo',
    x,
    y: i * 20,
    rotation: 0,
    index: indices[i],
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      geo: 'rectangle',
      w: 100,
      h: 100,
      color: 'black',
      labelColor: 'black',
      fill: 'none',
      dash: 'draw',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      scale: 1,
      flipX: false,
      flipY: false,
      richText: { type: 'doc', content: [{ type: 'paragraph' }] },
    },
  } as TLShape
}

/**
 * A recorded board: every shape drawn in one update, then `moves` updates each moving one
 * shape (as the board writes them: its entry deleted, the new one appended), with a checkpoint
 * after the drawing.
 */
function recording(moves: number): { log: ReplayLogEntry[]; checkpoints: ReplayCheckpoint[] } {
  const doc = new Y.Doc()
  const array = doc.getArray<RecordEntry<TLRecord>>(boardDocKeys.records)
  const log: ReplayLogEntry[] = []
  doc.on('update', (update: Uint8Array) => {
    log.push({ seq: log.length + 1, at: 1_000 * (log.length + 1), author: 'host', update })
  })
  array.push(Array.from({ length: SHAPES }, (_, i) => ({ key: createShapeId(`s${i}`), val: shape(i, 0) })))
  const checkpoints = [{ seq: 1, at: 1_000, state: Y.encodeStateAsUpdate(doc) }]
  for (let step = 1; step <= moves; step++) {
    const i = step % SHAPES
    const index = array.toArray().findIndex((entry) => entry.key === createShapeId(`s${i}`))
    doc.transact(() => {
      array.delete(index, 1)
      array.push([{ key: createShapeId(`s${i}`), val: shape(i, step) }])
    })
  }
  return { log, checkpoints }
}

describe('ReplayBoard', () => {
  it('puts into the store only the records a seek changed, also when it rebuilt the document', async () => {
    const index = ReplayIndex.open(recording(10))
    const board = new ReplayBoard(index, {
      logPage: () => Promise.reject(new Error('everything is loaded')),
      checkpoint: () => Promise.reject(new Error('everything is loaded')),
    })
    const put: string[] = []
    const realPut = board.store.put.bind(board.store)
    board.store.put = (records, phase) => {
      for (const record of records) if (record.typeName === 'shape') put.push(record.id)
      realPut(records, phase)
    }
    const xs = () =>
      Object.fromEntries(
        board.store
          .allRecords()
          .filter((record): record is TLShape => record.typeName === 'shape')
          .map((record) => [record.id, record.x]),
      )

    await board.showAt(11_000)
    expect(put.length).toBe(SHAPES)
    expect(xs()[createShapeId('s3')]).toBe(3)

    // Back to after the third move: a rebuild from the checkpoint, all values decoded afresh.
    put.length = 0
    let rebuilt = false
    board.onDocReplaced(() => {
      rebuilt = true
    })
    await board.showAt(4_000)
    expect(rebuilt).toBe(true)
    // Moves 4 to 10 are undone: those seven shapes, and no other, enter the store.
    expect(put.sort()).toEqual([4, 5, 6, 7, 8, 9, 10].map((i) => createShapeId(`s${i}`)).sort())
    const shown = xs()
    for (let i = 0; i < SHAPES; i++) expect(shown[createShapeId(`s${i}`)]).toBe(i >= 1 && i <= 3 ? i : 0)
    board.destroy()
  })
})
