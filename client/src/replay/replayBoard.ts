import { boardDocKeys, type RecordEntry, YRecordMap } from '@roofline/shared'
import {
  type CursorPayload,
  type RecordingSource,
  ReplayCursor,
  type ReplayIndex,
  ReplayLoader,
} from '@roofline/shared/replay'
import {
  createTLStore,
  createUserId,
  defaultBindingUtils,
  defaultShapeUtils,
  InstancePresenceRecordType,
  type SerializedSchema,
  type TLInstancePresence,
  type TLPageId,
  type TLRecord,
  type TLStore,
} from 'tldraw'
import type * as Y from 'yjs'
import { customShapeUtils } from '../board/customShapes.ts'

/**
 * The board of a replay: a local tldraw store that shows a recorded room's document at the
 * playhead. The document lives in the same layout as the live board (tldraw records as
 * `YRecordMap` entries of `tl_records`, the schema in `tl_meta`) and is rebuilt by
 * `ReplayCursor` from the nearest checkpoint; only the records that changed since the last
 * move enter the store, migrated when they were written by an older schema. The bytes a move
 * needs (a checkpoint, log pages) are fetched first by a `ReplayLoader`; when the playhead
 * moves again meanwhile, only the latest move is shown.
 *
 * Participants' cursors (recorded since archive version 2, a few samples a second) are shown
 * as tldraw presence records, so tldraw draws them as it draws live collaborators.
 */
export class ReplayBoard {
  readonly store: TLStore
  readonly #cursor: ReplayCursor
  readonly #index: ReplayIndex
  readonly #loader: ReplayLoader
  /** The log position of the latest move asked for: a slower, older one must not show. */
  #wanted = 0
  #records: YRecordMap<TLRecord> | null = null
  #recordsDoc: Y.Doc | null = null
  /**
   * What the store shows of the document: record id → the Yjs id of the entry last put. By id,
   * not by value: a rebuilt document decodes every value afresh, and putting unchanged records
   * back into tldraw's store costs 15–25 µs each (measured in Node up to 2,000 shapes), some
   * 75 ms or more a seek on a 5,000-shape board.
   */
  readonly #shown = new Map<string, string>()
  readonly #listeners = new Set<(doc: Y.Doc) => void>()
  /** Records skipped because they could not be migrated or validated, for a notice. */
  skipped = 0

  constructor(index: ReplayIndex, source: RecordingSource) {
    this.#index = index
    this.#cursor = new ReplayCursor(index)
    this.#loader = new ReplayLoader(index, source)
    this.store = createTLStore({
      shapeUtils: [...defaultShapeUtils, ...customShapeUtils],
      bindingUtils: defaultBindingUtils,
    })
  }

  /** The document at the playhead (a new one after a seek backwards). */
  get doc(): Y.Doc {
    return this.#cursor.doc
  }

  /** Tells `listener` whenever the document is replaced by a new one; returns the stop function. */
  onDocReplaced(listener: (doc: Y.Doc) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Shows the board as it was at instant `t`, once what it needs is loaded. Resolves true when
   * it shows `t`, false when a later call took over.
   */
  async showAt(t: number): Promise<boolean> {
    const target = this.#index.positionAt(t)
    this.#wanted = target
    await this.#loader.prepare(this.#cursor, target)
    if (this.#wanted !== target) return false
    this.#show(target)
    // While playing, the next page is on its way before the playhead reaches it.
    void this.#loader.loadRange(target, target + 500).catch(() => undefined)
    return true
  }

  #show(target: number): void {
    const { doc, rebuilt } = this.#cursor.moveToPosition(target)
    if (!this.#records || rebuilt || this.#recordsDoc !== doc) {
      this.#records?.destroy()
      this.#records = new YRecordMap<TLRecord>(doc.getArray<RecordEntry<TLRecord>>(boardDocKeys.records))
      this.#recordsDoc = doc
      if (rebuilt) for (const listener of this.#listeners) listener(doc)
    }
    this.#sync(doc, this.#records)
  }

  /** Shows these participants' pointers (none: hides them all). */
  showCursors(cursors: readonly CursorPayload[]): void {
    const page = this.store.allRecords().find((record) => record.typeName === 'page')
    const wanted = page
      ? cursors.map((cursor) =>
          InstancePresenceRecordType.create({
            id: InstancePresenceRecordType.createId(`replay-${cursor.client}`),
            userId: createUserId(`replay-${cursor.client}`),
            userName: cursor.name || 'Participant',
            color: cursor.color || '#1c7ed6',
            currentPageId: page.id as TLPageId,
            cursor: { x: cursor.x, y: cursor.y, type: 'default', rotation: 0 },
            // Fresh, or tldraw would take a pointer that rests in a paused replay for an absent one.
            lastActivityTimestamp: Date.now(),
          }),
        )
      : []
    const keep = new Set(wanted.map((record) => record.id))
    const stale = this.store
      .allRecords()
      .filter((record): record is TLInstancePresence => record.typeName === 'instance_presence')
      .filter((record) => !keep.has(record.id))
      .map((record) => record.id)
    if (wanted.length === 0 && stale.length === 0) return
    this.store.mergeRemoteChanges(() => {
      if (stale.length > 0) this.store.remove(stale)
      if (wanted.length > 0) this.store.put(wanted)
    })
  }

  /** Frees the document. */
  destroy(): void {
    this.#records?.destroy()
    this.#cursor.destroy()
  }

  #sync(doc: Y.Doc, records: YRecordMap<TLRecord>): void {
    const theirSchema = doc.getMap<SerializedSchema>(boardDocKeys.meta).get('schema')
    const needsMigration =
      theirSchema !== undefined &&
      JSON.stringify(theirSchema) !== JSON.stringify(this.store.schema.serialize())
    const put: TLRecord[] = []
    const changed: Array<[string, string]> = []
    for (const [id, value, entryId] of records.entriesWithIds()) {
      if (this.#shown.get(id) === entryId) continue
      changed.push([id, entryId])
      let record = value
      if (needsMigration && theirSchema) {
        const migrated = this.store.schema.migratePersistedRecord(record, theirSchema, 'up')
        if (migrated.type === 'error') {
          this.skipped++
          continue
        }
        record = migrated.value
      }
      put.push(record)
    }
    const removed = [...this.#shown.keys()].filter((id) => !records.has(id))
    if (put.length === 0 && removed.length === 0) return
    this.store.mergeRemoteChanges(() => {
      // The editor needs its document record and a page: those outlive a seek to before they were drawn.
      const removable = removed.filter((id) => {
        const record = this.store.get(id as TLRecord['id'])
        return record && record.typeName !== 'document' && record.typeName !== 'page'
      })
      if (removable.length > 0) this.store.remove(removable as TLRecord['id'][])
      for (const record of put) {
        try {
          this.store.put([record])
        } catch (error) {
          this.skipped++
          console.warn(`Roofline replay: skipped record ${record.id}`, error)
        }
      }
    })
    for (const [id, entryId] of changed) this.#shown.set(id, entryId)
    for (const id of removed) this.#shown.delete(id)
  }
}
