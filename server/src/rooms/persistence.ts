import * as Y from 'yjs'
import type { Storage } from '../storage/storage.ts'
import type { Room } from './room.ts'
import type { RoomExtension } from './roomLifecycle.ts'

/** Marks updates replayed from storage, so nothing treats them as new. */
const LOADED_FROM_STORAGE = Symbol('loaded from storage')

interface LogPosition {
  /** Sequence number of the last stored update. */
  seq: number
  /** Sequence number the latest snapshot covers. */
  snapshotSeq: number
}

/**
 * Persistence as a room extension: loads a room from its latest snapshot plus the log after
 * it, appends every change before it is relayed, and re-encodes the live document as a
 * snapshot every `snapshotEvery` updates and on unload. The full log is never trimmed.
 *
 * A snapshot taken at `seq` may already hold a few later updates (the document is applied
 * before its update is stored); replaying those again on load is harmless, Yjs updates are
 * idempotent.
 */
export function persistence(storage: Storage, options: { snapshotEvery: number }): RoomExtension {
  const positions = new WeakMap<Room, LogPosition>()

  async function saveSnapshot(room: Room, position: LogPosition): Promise<void> {
    if (position.seq <= position.snapshotSeq) return
    const seq = position.seq
    await storage.saveSnapshot(room.id, { state: Y.encodeStateAsUpdate(room.doc), seq, at: Date.now() })
    position.snapshotSeq = Math.max(position.snapshotSeq, seq)
  }

  return {
    async onLoad(room) {
      const { snapshot, updates } = await storage.loadRoom(room.id)
      room.doc.transact(() => {
        if (snapshot) Y.applyUpdate(room.doc, snapshot.state)
        for (const entry of updates) Y.applyUpdate(room.doc, entry.update)
      }, LOADED_FROM_STORAGE)
      const seq = updates.at(-1)?.seq ?? snapshot?.seq ?? 0
      positions.set(room, { seq, snapshotSeq: snapshot?.seq ?? 0 })
    },
    async onChange(room, change) {
      const author = change.origin?.principal.role ?? 'server'
      const seq = await storage.appendUpdate(room.id, { update: change.update, at: change.at, author })
      const position = positions.get(room)
      if (!position) return
      position.seq = seq
      if (seq - position.snapshotSeq >= options.snapshotEvery) await saveSnapshot(room, position)
    },
    async onStore(room) {
      const position = positions.get(room)
      if (position) await saveSnapshot(room, position)
    },
  }
}
