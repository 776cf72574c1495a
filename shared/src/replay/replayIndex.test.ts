import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ReplayCursor, ReplayIndex } from './replayIndex.ts'
import { docContent, randomHistory, seededRandom } from './testRecording.ts'

/** The reference: a fresh document with every update up to `t` applied, one by one. */
function naiveDocAt(log: ReturnType<typeof randomHistory>['log'], t: number): Y.Doc {
  const doc = new Y.Doc()
  for (const entry of log) if (entry.at <= t) Y.applyUpdate(doc, entry.update)
  return doc
}

describe('ReplayIndex', () => {
  const history = randomHistory({ seed: 7, updates: 1200, checkpointEvery: 100 })
  const index = ReplayIndex.open(history)
  const first = history.log[0]?.at ?? 0
  const last = history.log.at(-1)?.at ?? 0

  it('builds the same document at 300 random instants as applying every update up to them', () => {
    const random = seededRandom(99)
    const instants = [first - 1, first, last, last + 1, ...history.log.slice(0, 5).map((e) => e.at)]
    for (let i = 0; i < 300; i++) instants.push(Math.round(first - 1000 + random() * (last - first + 2000)))
    // The reference document walks forward through the sorted instants, one update at a time.
    const reference = new Y.Doc()
    let applied = 0
    for (const t of instants.sort((a, b) => a - b)) {
      while (applied < history.log.length && (history.log[applied]?.at ?? 0) <= t) {
        Y.applyUpdate(reference, history.log[applied]?.update ?? new Uint8Array())
        applied++
      }
      const fast = index.docAt(t)
      expect(docContent(fast), `t = ${t}`).toEqual(docContent(reference))
      fast.destroy()
    }
  })

  it('encodes the state at t as an update that rebuilds that document', () => {
    const t = history.log[555]?.at ?? 0
    const doc = new Y.Doc()
    Y.applyUpdate(doc, index.stateAt(t))
    expect(docContent(doc)).toEqual(docContent(naiveDocAt(history.log, t)))
  })

  it('seeks from the nearest checkpoint, applying fewer updates than one checkpoint interval', () => {
    for (const position of [0, 1, 99, 100, 101, 650, 1199, history.log.length]) {
      const plan = index.planTo(position)
      expect(plan.position - plan.from).toBeLessThan(100)
      expect(plan.checkpoint?.seq ?? 0).toBe(plan.from)
      expect(plan.position).toBe(position)
    }
    expect(index.checkpointCount).toBe(Math.floor(history.log.length / 100))
  })

  it('finds positions and sequence numbers by time', () => {
    expect(index.positionAt(first - 1)).toBe(0)
    expect(index.seqAt(first - 1)).toBe(0)
    expect(index.positionAt(last)).toBe(history.log.length)
    const entry = history.log[300]
    if (!entry) throw new Error('history too short')
    expect(index.seqAt(entry.at)).toBeGreaterThanOrEqual(entry.seq)
  })

  it('ignores checkpoints that do not sit on a log entry, and refuses an unordered log', () => {
    const bogus = { seq: history.log.length + 50, at: last, state: new Uint8Array([0, 0]) }
    const withBogus = ReplayIndex.open({ log: history.log, checkpoints: [...history.checkpoints, bogus] })
    expect(withBogus.checkpointCount).toBe(index.checkpointCount)
    const [a, b] = history.log
    if (!a || !b) throw new Error('history too short')
    expect(() => ReplayIndex.open({ log: [b, a], checkpoints: [] })).toThrow(/out of order/)
  })

  it('orders entries whose clock stepped back by the latest time seen before them', () => {
    const [a, b, c] = history.log
    if (!a || !b || !c) throw new Error('history too short')
    const skewed = ReplayIndex.open({
      log: [
        { ...a, at: 1000 },
        { ...b, at: 3000 },
        { ...c, at: 2000 },
      ],
      checkpoints: [],
    })
    expect(skewed.positionAt(2500)).toBe(1)
    expect(skewed.positionAt(3000)).toBe(3)
  })

  it('works without any checkpoint, and on an empty log', () => {
    const bare = ReplayIndex.open({ log: history.log.slice(0, 50), checkpoints: [] })
    const t = history.log[49]?.at ?? 0
    expect(docContent(bare.docAt(t))).toEqual(docContent(naiveDocAt(history.log.slice(0, 50), t)))
    const empty = ReplayIndex.open({ log: [], checkpoints: [] })
    expect(empty.firstAt).toBeNull()
    expect(empty.docAt(Date.now()).getArray('tl_records').length).toBe(0)
  })
})

describe('ReplayCursor', () => {
  it('follows a playhead that jumps back and forth, always matching the reference document', () => {
    const history = randomHistory({ seed: 3, updates: 600, checkpointEvery: 50 })
    const index = ReplayIndex.open(history)
    const cursor = new ReplayCursor(index)
    const random = seededRandom(5)
    const first = history.log[0]?.at ?? 0
    const last = history.log.at(-1)?.at ?? 0
    let rebuilds = 0
    for (let i = 0; i < 150; i++) {
      const t =
        random() < 0.3
          ? first + random() * (last - first)
          : (index.timeOf(cursor.position) ?? first) + random() * 200
      const { doc, rebuilt } = cursor.moveTo(t)
      if (rebuilt) rebuilds++
      expect(docContent(doc)).toEqual(docContent(naiveDocAt(history.log, t)))
    }
    expect(rebuilds).toBeGreaterThan(0)
    expect(rebuilds).toBeLessThan(150)
    cursor.destroy()
  })
})
