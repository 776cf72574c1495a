import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { ReplayLogEntry } from './recording.ts'
import { ReplayCursor, ReplayDataMissingError, ReplayIndex } from './replayIndex.ts'
import { pageStarts, type RecordingSource, ReplayLoader } from './replayLoader.ts'
import { docContent, randomHistory, seededRandom } from './testRecording.ts'

const history = randomHistory({ seed: 11, updates: 3000, checkpointEvery: 100 })
const outline = {
  log: { seq: history.log.map((e) => e.seq), at: history.log.map((e) => e.at) },
  checkpoints: history.checkpoints.map(({ seq, at }) => ({ seq, at })),
}

/** A source over the history in memory that counts what it is asked for, as a server would serve it. */
function countingSource(): RecordingSource & { pages: number; checkpoints: number; entries: number } {
  const source = {
    pages: 0,
    checkpoints: 0,
    entries: 0,
    async logPage(afterSeq: number, limit: number): Promise<ReplayLogEntry[]> {
      source.pages++
      const page = history.log.filter((e) => e.seq > afterSeq).slice(0, limit)
      source.entries += page.length
      return page
    },
    async checkpoint(seq: number): Promise<Uint8Array> {
      source.checkpoints++
      const found = history.checkpoints.find((cp) => cp.seq === seq)
      if (!found) throw new Error(`no checkpoint ${seq}`)
      return found.state
    },
  }
  return source
}

function referenceAt(position: number): Y.Doc {
  const doc = new Y.Doc()
  for (const entry of history.log.slice(0, position)) Y.applyUpdate(doc, entry.update)
  return doc
}

describe('ReplayLoader over an outline', () => {
  it('refuses to build a document before its data is loaded', () => {
    const index = ReplayIndex.fromOutline(outline)
    expect(() => index.docAtPosition(1500)).toThrow(ReplayDataMissingError)
    expect(index.docAtPosition(0).getArray('tl_records').length).toBe(0)
  })

  it('seeks to 200 random positions with the same document as the whole log, fetching only a checkpoint and one page each', async () => {
    const index = ReplayIndex.fromOutline(outline)
    // Rebuilding whenever that applies fewer updates: each seek needs one checkpoint interval at most.
    const cursor = new ReplayCursor(index, { checkpointCost: 0 })
    const source = countingSource()
    const loader = new ReplayLoader(index, source, { pageSize: 250 })
    const random = seededRandom(4)
    for (let i = 0; i < 200; i++) {
      const target = Math.floor(random() * (history.log.length + 1))
      const before = { pages: source.pages, checkpoints: source.checkpoints }
      await loader.prepare(cursor, target)
      // Pages run from checkpoint to checkpoint: the entries a seek needs are one page.
      expect(source.pages - before.pages).toBeLessThanOrEqual(1)
      expect(source.checkpoints - before.checkpoints).toBeLessThanOrEqual(1)
      const { doc } = cursor.moveToPosition(target)
      expect(docContent(doc), `position ${target}`).toEqual(docContent(referenceAt(target)))
    }
    // Nothing is fetched twice: at most every page and every checkpoint once.
    expect(source.entries).toBeLessThanOrEqual(history.log.length)
    expect(source.checkpoints).toBeLessThanOrEqual(history.checkpoints.length)
  })

  it('stays on its document for a short move forward, even past a checkpoint', async () => {
    const index = ReplayIndex.fromOutline(outline)
    const cursor = new ReplayCursor(index)
    const loader = new ReplayLoader(index, countingSource())
    await loader.prepare(cursor, 1000)
    cursor.moveToPosition(1000)
    // 450 updates ahead, across four checkpoints: cheaper than decoding one on a large board.
    await loader.prepare(cursor, 1450)
    const { doc, rebuilt } = cursor.moveToPosition(1450)
    expect(rebuilt).toBe(false)
    expect(docContent(doc)).toEqual(docContent(referenceAt(1450)))
    await loader.prepare(cursor, 2900)
    expect(cursor.moveToPosition(2900).rebuilt).toBe(true)
  })

  it('shares requests in flight and plays forward page by page', async () => {
    const index = ReplayIndex.fromOutline(outline)
    const cursor = new ReplayCursor(index)
    const source = countingSource()
    const loader = new ReplayLoader(index, source, { pageSize: 500 })
    await Promise.all([loader.prepare(cursor, 40), loader.prepare(cursor, 40), loader.loadRange(0, 40)])
    expect(source.pages).toBe(1)
    for (let target = 0; target <= history.log.length; target += 37) {
      await loader.prepare(cursor, target)
      cursor.moveToPosition(target)
    }
    expect(docContent(cursor.doc)).toEqual(docContent(referenceAt(cursor.position)))
    // One request per page, each page once: as many as there are checkpoint intervals.
    expect(source.pages).toBe(pageStarts(history.log.length, index.checkpointPositions, 500).length)
  })

  it('says so when the server answers a page that does not fit the outline', async () => {
    const index = ReplayIndex.fromOutline(outline)
    const cursor = new ReplayCursor(index)
    const wrong: RecordingSource = {
      logPage: async () => [{ seq: 999_999, at: 0, author: 'x', update: new Uint8Array() }],
      checkpoint: async () => new Uint8Array(),
    }
    await expect(new ReplayLoader(index, wrong).prepare(cursor, 50)).rejects.toThrow(/does not fit/)
  })

  describe('pageStarts', () => {
    it('starts a page at every checkpoint and cuts long stretches into pieces of pageSize', () => {
      expect(pageStarts(1000, [300, 444, 900], 250)).toEqual([0, 250, 300, 444, 694, 900])
      expect(pageStarts(100, [], 40)).toEqual([0, 40, 80])
      // A checkpoint at the very start or end starts no empty page; an empty log has no pages.
      expect(pageStarts(100, [0, 50, 100], 1000)).toEqual([0, 50])
      expect(pageStarts(0, [], 1000)).toEqual([])
    })
  })
})
