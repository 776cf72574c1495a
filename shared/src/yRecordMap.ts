import * as Y from 'yjs'

/** One entry of the array: a key and its value. */
export interface RecordEntry<T> {
  key: string
  val: T
}

/** How a key changed in one transaction, as `Y.Map` events say it. */
export type RecordChange<T> =
  | { action: 'add'; newValue: T }
  | { action: 'update'; oldValue: T; newValue: T }
  | { action: 'delete'; oldValue: T }

/** Told of every transaction that changed some key: each key's change, and the transaction. */
export type RecordChangeListener<T> = (
  changes: Map<string, RecordChange<T>>,
  transaction: Y.Transaction,
) => void

/** Where an entry sits: its element's Yjs id, which neither splits nor merges of items change. */
interface Placed<T> {
  entry: RecordEntry<T>
  client: number
  clock: number
}

/** Whether `item` holds the element with id (`client`, `clock`). */
function holds(item: Y.Item, { client, clock }: { client: number; clock: number }): boolean {
  return item.id.client === client && item.id.clock <= clock && clock < item.id.clock + item.length
}

/**
 * A key-value map kept in a `Y.Array` of `{ key, val }` entries, read and written like
 * y-utility's `YKeyValue` (same document layout, so either can open the other's boards): a
 * write deletes the key's entry and appends the new one, and of two entries for one key (two
 * people wrote it at once) the one further right wins and the other is deleted.
 *
 * What differs is the cost. `YKeyValue` works out each change from `event.changes` and
 * `toArray()`, which walk the whole array, deleted entries included, so every change cost time
 * in proportion to the session's history. Here a change is read from the transaction itself:
 * the elements it inserted (from the store, between the state before and after it) and the ones
 * it deleted (its delete set), each looked up by id; a write deletes the old entry by its id
 * too. Measured (`node tests/bench/recordMap.ts`, 5,000 shapes after 20,000 moves by two
 * people): receiving a change 23 µs against 852, writing one 148 µs against 1,034. The write
 * is still a walk: Yjs's `push` looks for the array's end from its start whenever it has no
 * position cached, which is after every remote change.
 *
 * @example
 * const records = new YRecordMap<TLRecord>(doc.getArray('tl_records'))
 * const stop = records.onChange((changes, transaction) => { ... })
 * records.set('shape:a', shape)
 */
export class YRecordMap<T> {
  readonly yarray: Y.Array<RecordEntry<T>>
  readonly doc: Y.Doc
  readonly #current = new Map<string, Placed<T>>()
  readonly #listeners = new Set<RecordChangeListener<T>>()
  /**
   * Entries this map wrote in the transaction under way, by key: `#current` learns of them only
   * when the transaction ends, and a second write of the key before then must replace these.
   */
  readonly #written = new Map<string, Placed<T>>()
  readonly #observer = (_event: Y.YArrayEvent<RecordEntry<T>>, transaction: Y.Transaction) =>
    this.#apply(transaction)

  /** Reads the array once (deleting the entries a later one for their key overrides) and follows it from then on. */
  constructor(yarray: Y.Array<RecordEntry<T>>) {
    if (!yarray.doc) throw new Error('YRecordMap needs an array that is part of a document')
    this.yarray = yarray
    this.doc = yarray.doc
    const overridden: Array<Placed<T>> = []
    for (let item = yarray._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue
      const entries = item.content.getContent() as Array<RecordEntry<T>>
      entries.forEach((entry, i) => {
        const earlier = this.#current.get(entry.key)
        if (earlier) overridden.push(earlier)
        this.#current.set(entry.key, { entry, client: item.id.client, clock: item.id.clock + i })
      })
    }
    if (overridden.length > 0) this.#deleteElements(overridden)
    yarray.observe(this.#observer)
  }

  /** The value of `key`, if it has one. */
  get(key: string): T | undefined {
    return this.#current.get(key)?.entry.val
  }

  /** Whether `key` has a value. */
  has(key: string): boolean {
    return this.#current.has(key)
  }

  /** Number of keys. */
  get size(): number {
    return this.#current.size
  }

  /** Every value, in no particular order. */
  *values(): IterableIterator<T> {
    for (const { entry } of this.#current.values()) yield entry.val
  }

  /** Every key and value, in no particular order. */
  *entries(): IterableIterator<[string, T]> {
    for (const [key, { entry }] of this.#current) yield [key, entry.val]
  }

  /** Sets `key` to `val`: deletes its entry and appends a new one, in one transaction. */
  set(key: string, val: T): void {
    this.doc.transact((transaction) => {
      const placed = this.#latest(key)
      if (placed) this.#deleteElement(transaction, placed)
      const entry = { key, val }
      // The entry's id: the next clock of this document's own client.
      const clock = Y.getState(this.doc.store, this.doc.clientID)
      this.yarray.push([entry])
      this.#written.set(key, { entry, client: this.doc.clientID, clock })
    })
  }

  /** Deletes `key`'s entry, if it has one. */
  delete(key: string): void {
    const placed = this.#latest(key)
    if (placed) this.#deleteElements([placed])
    this.#written.delete(key)
  }

  /** Calls `listener` after each transaction that changed a key (local ones included); returns what stops it. */
  onChange(listener: RecordChangeListener<T>): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /**
   * Every key and value with the Yjs id of the entry holding it, as `client:clock`. One id
   * always holds the same value (Yjs never changes an entry's content), so two documents of one
   * board, say a replay's before and after a rebuild from a checkpoint, tell an unchanged
   * record by its id without comparing values.
   */
  *entriesWithIds(): IterableIterator<[string, T, string]> {
    for (const [key, { entry, client, clock }] of this.#current) yield [key, entry.val, `${client}:${clock}`]
  }

  /** Stops following the array. */
  destroy(): void {
    this.yarray.unobserve(this.#observer)
    this.#listeners.clear()
  }

  /** Takes in what `transaction` inserted into and deleted from the array, and tells the listeners. */
  #apply(transaction: Y.Transaction): void {
    this.#written.clear()
    /** The entry each touched key had before the transaction (null: none). */
    const before = new Map<string, RecordEntry<T> | null>()
    const touch = (key: string) => {
      if (!before.has(key)) before.set(key, this.#current.get(key)?.entry ?? null)
    }
    for (const deleted of this.#deletedElements(transaction)) {
      const placed = this.#current.get(deleted.entry.key)
      if (placed?.client !== deleted.client || placed.clock !== deleted.clock) continue
      touch(deleted.entry.key)
      this.#current.delete(deleted.entry.key)
    }
    const overridden: Array<Placed<T>> = []
    for (const inserted of this.#insertedElements(transaction)) {
      const key = inserted.entry.key
      const placed = this.#current.get(key)
      if (placed && !this.#isRightOf(inserted, placed)) {
        overridden.push(inserted)
        continue
      }
      touch(key)
      if (placed) overridden.push(placed)
      this.#current.set(key, inserted)
    }
    // Every peer that sees two entries for a key deletes the same one: deletes are idempotent.
    if (overridden.length > 0) this.#deleteElements(overridden)
    const changes = new Map<string, RecordChange<T>>()
    for (const [key, old] of before) {
      const now = this.#current.get(key)?.entry ?? null
      if (old === now) continue
      if (old && now) changes.set(key, { action: 'update', oldValue: old.val, newValue: now.val })
      else if (now) changes.set(key, { action: 'add', newValue: now.val })
      else if (old) changes.set(key, { action: 'delete', oldValue: old.val })
    }
    if (changes.size === 0) return
    for (const listener of this.#listeners) listener(changes, transaction)
  }

  /** The array's elements `transaction` inserted and did not delete again: the store between its states before and after. */
  *#insertedElements(transaction: Y.Transaction): Generator<Placed<T>> {
    for (const [client, after] of transaction.afterState) {
      const start = transaction.beforeState.get(client) ?? 0
      if (after <= start) continue
      const structs = this.doc.store.clients.get(client) ?? []
      for (let i = Y.findIndexSS(structs, start); i < structs.length; i++) {
        const struct = structs[i] as Y.Item | Y.GC
        if (struct.id.clock >= after) break
        if (
          !(struct instanceof Y.Item) ||
          struct.parent !== this.yarray ||
          struct.deleted ||
          !struct.countable
        )
          continue
        // It starts at `start` or later: the transaction's structs are not merged with older ones yet.
        const entries = struct.content.getContent() as Array<RecordEntry<T>>
        for (const [k, entry] of entries.entries()) yield { entry, client, clock: struct.id.clock + k }
      }
    }
  }

  /** The array's elements `transaction` deleted that existed before it: its delete set, looked up in the store. */
  *#deletedElements(transaction: Y.Transaction): Generator<Placed<T>> {
    for (const [client, ranges] of transaction.deleteSet.clients) {
      const existed = transaction.beforeState.get(client) ?? 0
      const structs = this.doc.store.clients.get(client) ?? []
      for (const { clock, len } of ranges) {
        const end = Math.min(clock + len, existed)
        if (clock >= end) continue
        for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
          const struct = structs[i] as Y.Item | Y.GC
          if (struct.id.clock >= end) break
          if (!(struct instanceof Y.Item) || struct.parent !== this.yarray || !struct.countable) continue
          const entries = struct.content.getContent() as Array<RecordEntry<T>>
          const from = Math.max(0, clock - struct.id.clock)
          const to = Math.min(entries.length, end - struct.id.clock)
          for (let k = from; k < to; k++) {
            yield { entry: entries[k] as RecordEntry<T>, client, clock: struct.id.clock + k }
          }
        }
      }
    }
  }

  /**
   * Whether element `a` sits right of element `b`. Walks right from both at once: the walk
   * that meets the other element, or reaches the end, first answers. A new entry is appended at
   * the end, so this is a step or two, not a walk over the array's history.
   */
  #isRightOf(a: Placed<T>, b: Placed<T>): boolean {
    const itemA = this.#itemOf(a)
    const itemB = this.#itemOf(b)
    if (itemA === itemB) return a.clock > b.clock
    let fromA: Y.Item | null = itemA
    let fromB: Y.Item | null = itemB
    for (;;) {
      fromA = fromA?.right ?? null
      if (fromA === null) return true
      if (holds(fromA, b)) return false
      fromB = fromB?.right ?? null
      if (fromB === null) return false
      if (holds(fromB, a)) return true
    }
  }

  /** `key`'s entry as of now: the one written in the transaction under way, else the current one. */
  #latest(key: string): Placed<T> | undefined {
    return this.#written.get(key) ?? this.#current.get(key)
  }

  #itemOf({ client, clock }: Placed<T>): Y.Item {
    return Y.getItem(this.doc.store, Y.createID(client, clock)) as Y.Item
  }

  /** Deletes these elements, in one transaction. */
  #deleteElements(elements: ReadonlyArray<Placed<T>>): void {
    this.doc.transact((transaction) => {
      for (const element of elements) this.#deleteElement(transaction, element)
    })
  }

  /** Deletes one element by its id, cutting it out of its item when the item holds more. */
  #deleteElement(transaction: Y.Transaction, element: Placed<T>): void {
    const id = Y.createID(element.client, element.clock)
    const item = Y.getItemCleanStart(transaction, id)
    if (item.length > 1) Y.getItemCleanEnd(transaction, this.doc.store, id)
    if (item.deleted) return
    item.delete(transaction)
    // Yjs caches index → item positions in the array; a delete made here, not through an index,
    // would leave them off by one. It drops them the same way after every remote change.
    this.yarray._searchMarker?.splice(0)
  }
}
