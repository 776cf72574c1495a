import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkUpdate, unmetDependency } from './updateCheck.ts'

/** Updates with every kind of content yjs writes: any values, text, XML, formats, embeds, subdocs, deletes. */
function sampleUpdates(): Uint8Array[] {
  const updates: Uint8Array[] = []
  const doc = new Y.Doc()
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const records = doc.getMap('records')
  records.set('shape:1', {
    id: 'shape:1',
    x: 12.5,
    y: -3,
    big: 2 ** 40,
    neg: -(2 ** 33),
    props: { w: 100, h: 60, text: 'GPU ✓ node', fill: null, dash: undefined, on: true, off: false },
    tags: ['a', 1, [2, [3]]],
    bytes: new Uint8Array([1, 2, 3]),
  })
  records.set('n', 1n as unknown as number)
  records.set('f', Math.fround(1.5))
  records.set('bin', new Uint8Array([9, 8, 7]))
  const text = doc.getText('notes')
  text.insert(0, 'hello world')
  text.format(0, 5, { bold: true })
  text.insertEmbed(5, { image: 'x.png' })
  text.delete(2, 3)
  const fragment = doc.getXmlFragment('xml')
  const element = new Y.XmlElement('node')
  fragment.insert(0, [element, new Y.XmlText('t'), new Y.XmlHook('hook') as unknown as Y.XmlText])
  element.setAttribute('name', 'value')
  const array = doc.getArray('list')
  array.insert(0, [1, 'two', { three: 3 }])
  array.insert(0, [new Y.Map(), new Y.Array()])
  array.delete(1, 2)
  records.set('sub', new Y.Doc({ guid: 'sub-guid' }) as unknown as number)
  records.delete('n')
  updates.push(Y.encodeStateAsUpdate(doc))
  return updates
}

const refusedByYjs = (update: Uint8Array) => {
  try {
    Y.decodeUpdate(update)
    return false
  } catch {
    return true
  }
}
const refusedByCheck = (update: Uint8Array) => {
  try {
    checkUpdate(update)
    return false
  } catch {
    return true
  }
}

/** A deterministic generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

describe('checkUpdate', () => {
  it('accepts every update yjs writes, of every content kind', () => {
    const updates = sampleUpdates()
    expect(updates.length).toBeGreaterThan(10)
    for (const update of updates) expect(() => checkUpdate(update)).not.toThrow()
  })

  it('refuses every truncation of an update, as yjs does', () => {
    for (const update of sampleUpdates()) {
      for (let length = 0; length < update.length; length++) {
        const cut = update.slice(0, length)
        expect(refusedByCheck(cut), `cut at ${length} of ${update.length}`).toBe(refusedByYjs(cut))
      }
    }
  })

  it('agrees with Y.decodeUpdate on thousands of garbled updates', () => {
    const next = random(42)
    const updates = sampleUpdates()
    let refused = 0
    for (let round = 0; round < 20_000; round++) {
      const source = updates[Math.floor(next() * updates.length)] as Uint8Array
      const garbled = source.slice()
      const flips = 1 + Math.floor(next() * 3)
      for (let i = 0; i < flips; i++) garbled[Math.floor(next() * garbled.length)] = Math.floor(next() * 256)
      const refusedHere = refusedByCheck(garbled)
      expect(refusedHere, `round ${round}: ${[...garbled].join(',')}`).toBe(refusedByYjs(garbled))
      if (refusedHere) refused++
    }
    // The cases are not all of one kind: both answers come up often.
    expect(refused).toBeGreaterThan(1000)
    expect(refused).toBeLessThan(19_000)
  })

  it('never reads past the end of its view, even into the buffer around it', () => {
    const [update] = sampleUpdates()
    if (!update) throw new Error('no update')
    const surrounding = new Uint8Array(update.length + 64).fill(0)
    surrounding.set(update)
    // Cut inside the first record's content: the rest of the record lies beyond the view.
    const view = surrounding.subarray(0, update.length - 20)
    expect(() => checkUpdate(view)).toThrow(/unexpected end/)
  })
})

describe('checkUpdate limits', () => {
  /** An update whose one item, in root `root`, holds `content` (an "any" value) nested `depth` deep. */
  function nestedUpdate(depth: number, root = 'records'): Uint8Array {
    let value: unknown = 1
    for (let i = 0; i < depth; i++) value = [value]
    const doc = new Y.Doc()
    doc.getArray(root).insert(0, [value])
    return Y.encodeStateAsUpdate(doc)
  }

  it('refuses values nested past maxDepth, and only those', () => {
    const limits = { maxDepth: 20, rootTypes: null }
    expect(() => checkUpdate(nestedUpdate(20), limits)).not.toThrow()
    expect(() => checkUpdate(nestedUpdate(21), limits)).toThrow(/nested deeper than 20/)
  })

  it('refuses JSON content (embeds, formats) nested past maxDepth before parsing it', () => {
    const doc = new Y.Doc()
    const text = doc.getText('notes')
    text.insertEmbed(0, { a: { b: { c: {} } } })
    text.insert(1, 'x', { bold: { deep: { deeper: {} } } })
    const update = Y.encodeStateAsUpdate(doc)
    expect(() => checkUpdate(update, { maxDepth: 4, rootTypes: null })).not.toThrow()
    expect(() => checkUpdate(update, { maxDepth: 3, rootTypes: null })).toThrow(/nested deeper than 3/)
  })

  it('refuses an item in a root type not listed', () => {
    const rootTypes = new Set(['records'])
    expect(() => checkUpdate(nestedUpdate(1, 'records'), { maxDepth: 64, rootTypes })).not.toThrow()
    expect(() => checkUpdate(nestedUpdate(1, 'other'), { maxDepth: 64, rootTypes })).toThrow(
      /unknown root type "other"/,
    )
  })
})

describe('unmetDependency', () => {
  it('finds nothing missing in updates applied in order (strings counted in UTF-16 units), and the gap when one is skipped', () => {
    const source = new Y.Doc()
    const updates: Uint8Array[] = []
    source.on('update', (update: Uint8Array) => updates.push(update))
    const text = source.getText('text')
    text.insert(0, 'añ€😀 plain')
    text.insert(3, '😀😀 more')
    text.delete(1, 4)
    source.getArray('list').push([{ a: 1 }, 'b'])
    const target = new Y.Doc()
    const stateOf = (client: number) => Y.getState(target.store, client)
    for (const update of [...sampleUpdates(), ...updates]) {
      expect(unmetDependency(checkUpdate(update), stateOf)).toBeNull()
      Y.applyUpdate(target, update)
    }
    const fresh = new Y.Doc()
    const unmet = unmetDependency(checkUpdate(updates[1] as Uint8Array), (c) => Y.getState(fresh.store, c))
    expect(unmet).toMatch(/board has up to 0/)
  })
})
