import { boardDocKeys, type RecordChange, type RecordEntry, YRecordMap } from '@roofline/shared'
import {
  computed,
  createPresenceStateDerivation,
  InstancePresenceRecordType,
  react,
  type SerializedSchema,
  type Signal,
  type TLInstancePresence,
  type TLRecord,
  type TLStore,
  type TLUser,
  UserRecordType,
} from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'

/** The local participant as others see them. */
export interface BoardUser {
  id: string
  name: string
  color: string
}

/** Why a board cannot be shown. */
export class BoardVersionError extends Error {
  override name = 'BoardVersionError'
}

/** What the binding needs: the local tldraw store, the room's doc and awareness, and who we are. */
export interface YjsBindingOptions {
  store: TLStore
  doc: Y.Doc
  awareness: Awareness
  /** Who we are; a change (say, a new name) reaches the others at once. */
  user: Signal<BoardUser>
  /** Told when the room's records were written by a newer, incompatible schema. */
  onVersionError(error: BoardVersionError): void
}

/** A running binding; `dispose` stops both directions and clears our presence. */
export interface YjsBinding {
  dispose(): void
}

/** The origin of changes this client writes into the doc; remote observers skip nothing of it. */
const LOCAL_ORIGIN = Symbol('tldraw store')

/**
 * Binds a tldraw store to a room's Y.Doc once the provider has synced:
 *
 * - document-scope records only (shapes, bindings, pages, assets, the document), one
 *   `YRecordMap` entry per record id; camera, selection and other session state stay local;
 * - the store schema is kept in the doc; records written by an older schema are migrated
 *   on load, a newer one stops the binding with a `BoardVersionError`;
 * - local user edits (`source: 'user'`) go to the doc in one transaction per store change;
 *   remote doc changes enter the store through `mergeRemoteChanges`, so tldraw's undo stack
 *   holds only this user's own edits;
 * - presence (cursor, selection, name, colour) travels through awareness.
 */
export function bindStoreToYjs(options: YjsBindingOptions): YjsBinding {
  const { store, doc, awareness, user } = options
  const yRecords = new YRecordMap<TLRecord>(doc.getArray<RecordEntry<TLRecord>>(boardDocKeys.records))
  const yMeta = doc.getMap<SerializedSchema>(boardDocKeys.meta)
  const disposers: Array<() => void> = []

  try {
    loadDocIntoStore(store, doc, yRecords, yMeta)
  } catch (error) {
    yRecords.destroy()
    if (error instanceof BoardVersionError) options.onVersionError(error)
    else throw error
    return { dispose() {} }
  }

  disposers.push(
    store.listen(
      ({ changes }) => {
        doc.transact(() => {
          for (const record of Object.values(changes.added)) yRecords.set(record.id, record)
          for (const [, next] of Object.values(changes.updated)) yRecords.set(next.id, next)
          for (const record of Object.values(changes.removed)) yRecords.delete(record.id)
        }, LOCAL_ORIGIN)
      },
      { source: 'user', scope: 'document' },
    ),
  )

  disposers.push(
    yRecords.onChange((changes, transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return
      applyRemoteRecordChanges(store, changes, yMeta.get('schema'))
    }),
    () => yRecords.destroy(),
  )

  const onMetaChange = () => {
    const theirs = yMeta.get('schema')
    if (theirs && !store.schema.getMigrationsSince(theirs).ok) {
      dispose()
      options.onVersionError(newerVersionError())
    }
  }
  yMeta.observe(onMetaChange)
  disposers.push(() => yMeta.unobserve(onMetaChange))

  disposers.push(bindPresence(store, awareness, doc.clientID, user))

  function dispose() {
    for (const stop of disposers.splice(0)) stop()
  }
  return { dispose }
}

function newerVersionError(): BoardVersionError {
  return new BoardVersionError(
    'This board was saved by a newer version of Roofline. Reload the page to get the new version.',
  )
}

/**
 * First sync: an empty room gets this store's document records and schema; a room with
 * records replaces the store's content with them, migrated from the schema they were written with.
 */
function loadDocIntoStore(
  store: TLStore,
  doc: Y.Doc,
  yRecords: YRecordMap<TLRecord>,
  yMeta: Y.Map<SerializedSchema>,
): void {
  const ourSchema = store.schema.serialize()
  const records = [...yRecords.values()]
  if (records.length === 0) {
    doc.transact(() => {
      for (const record of store.allRecords()) {
        if (store.scopedTypes.document.has(record.typeName)) yRecords.set(record.id, record)
      }
      yMeta.set('schema', ourSchema)
    }, LOCAL_ORIGIN)
    return
  }

  const theirSchema = yMeta.get('schema') ?? ourSchema
  const snapshot = { store: Object.fromEntries(records.map((r) => [r.id, r])), schema: theirSchema }
  const migration = store.schema.migrateStoreSnapshot(snapshot)
  if (migration.type === 'error') {
    if (migration.reason === 'target-version-too-new') throw newerVersionError()
    throw new BoardVersionError(`This board could not be opened (${migration.reason}).`)
  }
  const migrated = Object.values(migration.value)
  store.mergeRemoteChanges(() => {
    const keep = new Set(migrated.map((r) => r.id))
    const stale = store
      .allRecords()
      .filter((r) => store.scopedTypes.document.has(r.typeName) && !keep.has(r.id))
    store.remove(stale.map((r) => r.id))
    store.put(migrated)
  })
  // Bring the room up to our schema, so older records are not migrated again by every client.
  if (JSON.stringify(theirSchema) !== JSON.stringify(ourSchema)) {
    doc.transact(() => {
      for (const record of migrated) yRecords.set(record.id, record)
      yMeta.set('schema', ourSchema)
    }, LOCAL_ORIGIN)
  }
}

/**
 * Applies other people's record changes. One bad record (failing validation or migration)
 * is skipped and reported, never allowed to break the rest of the board.
 */
function applyRemoteRecordChanges(
  store: TLStore,
  changes: Map<string, RecordChange<TLRecord>>,
  theirSchema: SerializedSchema | undefined,
): void {
  const ourSchema = JSON.stringify(store.schema.serialize())
  const needsMigration = theirSchema !== undefined && JSON.stringify(theirSchema) !== ourSchema
  store.mergeRemoteChanges(() => {
    for (const [id, change] of changes) {
      try {
        if (change.action === 'delete') {
          if (store.has(id as TLRecord['id'])) store.remove([id as TLRecord['id']])
          continue
        }
        let record = change.newValue
        if (needsMigration && theirSchema) {
          const migrated = store.schema.migratePersistedRecord(record, theirSchema, 'up')
          if (migrated.type === 'error') throw new Error(migrated.reason)
          record = migrated.value
        }
        store.put([record])
      } catch (error) {
        console.warn(`Roofline: skipped a remote record ${id}:`, error)
      }
    }
  })
}

/**
 * Publishes our tldraw presence (cursor, selection, camera, name, colour) in awareness and
 * mirrors everyone else's into the store as presence records, which tldraw draws as cursors.
 */
function bindPresence(
  store: TLStore,
  awareness: Awareness,
  clientId: number,
  user: Signal<BoardUser>,
): () => void {
  const userRecord = computed<TLUser>('user record', () => {
    const { id, name, color } = user.get()
    return UserRecordType.create({ id: UserRecordType.createId(id), name, color })
  })
  const presence = createPresenceStateDerivation(userRecord, {
    instanceId: InstancePresenceRecordType.createId(String(clientId)),
  })(store)

  const stopPublishing = react('publish presence', () => {
    const { name, color } = user.get()
    awareness.setLocalStateField('user', { name, color })
    awareness.setLocalStateField('presence', presence.get() ?? null)
  })

  const onAwarenessChange = ({
    added,
    updated,
    removed,
  }: {
    added: number[]
    updated: number[]
    removed: number[]
  }) => {
    const states = awareness.getStates()
    const toPut: TLInstancePresence[] = []
    const toRemove: TLInstancePresence['id'][] = []
    for (const id of [...added, ...updated]) {
      if (id === clientId) continue
      const remote = states.get(id)?.presence as TLInstancePresence | null | undefined
      if (remote) toPut.push(remote)
      else toRemove.push(InstancePresenceRecordType.createId(String(id)))
    }
    for (const id of removed) toRemove.push(InstancePresenceRecordType.createId(String(id)))
    store.mergeRemoteChanges(() => {
      try {
        if (toPut.length > 0) store.put(toPut)
      } catch (error) {
        console.warn('Roofline: skipped a malformed presence update', error)
      }
      const present = toRemove.filter((id) => store.has(id))
      if (present.length > 0) store.remove(present)
    })
  }
  awareness.on('change', onAwarenessChange)
  // Whoever was in the room before this binding started (their states arrived with the first
  // sync) is mirrored now, not only at their next move: a quiet participant is still there.
  onAwarenessChange({ added: [...awareness.getStates().keys()], updated: [], removed: [] })

  return () => {
    stopPublishing()
    awareness.off('change', onAwarenessChange)
    awareness.setLocalStateField('presence', null)
  }
}
