import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { rebuildBoard } from './archiveImport.ts'

/** A board log: each update sets one key of a map, `sizes` giving each value's length. */
function logOf(sizes: number[]) {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (const [i, size] of sizes.entries()) doc.getMap('m').set(`k${i}`, 'x'.repeat(size))
  return updates.map((update, i) => ({ seq: i + 1, at: 1_000 + i, author: 'host', update }))
}

describe('rebuildBoard', () => {
  it('lays out checkpoints by count and by bytes, as live rooms do, each holding the log up to it', async () => {
    const log = logOf([10, 10, 9000, 10, 10, 10, 10, 10, 10, 10])
    const { checkpoints, snapshot } = await rebuildBoard(log, {
      checkpointEvery: 5,
      checkpointIntervalMs: 3_600_000,
      checkpointBytes: 4096,
    })
    // After the large third update (bytes), five updates after it (count), and at the end.
    expect(checkpoints.map((c) => c.seq)).toEqual([3, 8, 10])
    for (const checkpoint of checkpoints) {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, checkpoint.state)
      expect(Object.keys(doc.getMap('m').toJSON()).sort()).toEqual(
        log
          .slice(0, checkpoint.seq)
          .map((_, i) => `k${i}`)
          .sort(),
      )
      expect(checkpoint.at).toBe(log[checkpoint.seq - 1]?.at)
    }
    expect(snapshot?.seq).toBe(10)
  })
})
