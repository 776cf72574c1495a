import * as Y from 'yjs'
import type { LogEntry, Storage } from '../storage/storage.ts'
import type { Room } from './room.ts'
import type { RoomChange, RoomExtension, RoomLogger } from './roomLifecycle.ts'
import { checkUpdate, DEFAULT_UPDATE_LIMITS, type UpdateLimits } from './updateCheck.ts'

/** Marks updates replayed from storage, so nothing treats them as new. */
const LOADED_FROM_STORAGE = Symbol('loaded from storage')

interface LogPosition {
  /** Server time of the last stored update. */
  at: number
  /** Sequence number the latest snapshot covers. */
  snapshotSeq: number
  /** Sequence number and time of the latest checkpoint. */
  checkpointSeq: number
  checkpointAt: number
  /** Bytes of the updates stored (here or elsewhere) since the latest checkpoint, or since load. */
  bytesSinceCheckpoint: number
  /** Size of the latest checkpoint this process took (0 before the first). */
  checkpointSize: number
  /**
   * Document updates since load, and how many of them are stored (here or, with fan-out, by
   * another process): equal, with no gap in `room.log`, means the doc is exactly the log.
   */
  applied: number
  stored: number
}

/** How often persistence stores what. */
export interface PersistenceOptions {
  /** Re-encode the document as the room's loading snapshot after this many updates. */
  snapshotEvery: number
  /** Keep a checkpoint (for seeking in replays) after this many updates (default 500)... */
  checkpointEvery?: number
  /** ...or once this many ms passed since the last one (default 60 s)... */
  checkpointIntervalMs?: number
  /**
   * ...or once the updates since the last one add up to this many bytes (default 256 KiB),
   * whichever comes first.
   */
  checkpointBytes?: number
  /**
   * What a stored update may hold to be loaded (default: `DEFAULT_UPDATE_LIMITS`): one stored
   * before the server checked as much, or written by another tool, is quarantined instead.
   */
  limits?: UpdateLimits
  /** Where quarantined updates are reported. */
  logger?: Pick<RoomLogger, 'error'>
}

/** Log entries read at once when a room is rebuilt from its whole log. */
const LOG_PAGE = 1000

/** Default of {@link PersistenceOptions.checkpointBytes}. */
export const CHECKPOINT_BYTES = 256 * 1024

/**
 * Persistence as a room extension: loads a room from its latest snapshot plus the log after
 * it, appends every change before it is relayed, and re-encodes the live document as a
 * snapshot every `snapshotEvery` updates and on unload. The full log is never trimmed.
 * An append starts the moment the change is accepted (`onAccept`), not when the room's queue
 * reaches it: the changes of one turn of the event loop, a room's burst included, then share
 * a commit, and a room's appends are still stored in the order it accepted them.
 *
 * It also keeps checkpoints for replays: the live document re-encoded every
 * `checkpointEvery` updates, `checkpointIntervalMs` or `checkpointBytes` of updates (and on
 * unload), so a seek costs one checkpoint plus a bounded number and size of updates. The
 * byte bound matters after a large paste (a template's starting diagram, say): the next
 * checkpoint follows it, and a seek loads it in a checkpoint's binary form instead of as a
 * log entry (base64 in JSON: a third larger, and decoded in script). A checkpoint must hold
 * exactly the log up to its position, so it is taken only when every update the document has
 * applied is stored (none is waiting in the room's queue); under a steady stream it waits for
 * the next lull.
 *
 * A snapshot taken at `seq` may already hold a few later updates (the document is applied
 * before its update is stored); replaying those again on load is harmless, Yjs updates are
 * idempotent. It never lacks an earlier one: its position is `room.log.contiguous`, the end
 * of the prefix of the log the document holds entirely. With several processes (fan-out)
 * that matters: entries stored elsewhere arrive out of order, or late, and a remote change
 * (`change.remote`) is only counted here, never stored again.
 */
export function persistence(storage: Storage, options: PersistenceOptions): RoomExtension {
  const positions = new WeakMap<Room, LogPosition>()
  /**
   * Each room's appends started in `onAccept` and not yet awaited in `onChange`, oldest first:
   * both see a room's local changes in the same order. (Keyed by room, not by change: a weak
   * entry per update was garbage for every scavenge to sort through.)
   */
  const appends = new WeakMap<Room, Array<Promise<number>>>()
  const checkpointEvery = options.checkpointEvery ?? 500
  const checkpointIntervalMs = options.checkpointIntervalMs ?? 60_000
  const checkpointBytes = options.checkpointBytes ?? CHECKPOINT_BYTES

  async function saveSnapshot(room: Room, position: LogPosition): Promise<void> {
    const seq = room.log.contiguous
    if (seq <= position.snapshotSeq) return
    const state = Y.encodeStateAsUpdate(room.doc)
    room.sizeBytes = state.byteLength
    await storage.saveSnapshot(room.id, { state, seq, at: Date.now() })
    position.snapshotSeq = Math.max(position.snapshotSeq, seq)
  }

  /** Whether a checkpoint may be taken now (see above) and is due, or `force`d. */
  function checkpointDue(room: Room, position: LogPosition, force: boolean): boolean {
    const seq = room.log.contiguous
    if (seq <= position.checkpointSeq || position.applied !== position.stored || room.log.hasGap) return false
    return (
      force ||
      seq - position.checkpointSeq >= checkpointEvery ||
      position.at - position.checkpointAt >= checkpointIntervalMs ||
      // A quarter of the document at least: under a stream of large updates a checkpoint per
      // 256 KiB re-encoded a growing document again and again (quadratic; a flood of 190 kB
      // updates stalled every room for seconds), while this costs at most four times the bytes
      // written and still bounds a seek's updates to a fraction of its checkpoint.
      position.bytesSinceCheckpoint >= Math.max(checkpointBytes, position.checkpointSize / 4)
    )
  }

  async function saveCheckpoint(room: Room, position: LogPosition, force: boolean): Promise<void> {
    if (!checkpointDue(room, position, force)) return
    const seq = room.log.contiguous
    const { at } = position
    const state = Y.encodeStateAsUpdate(room.doc)
    await storage.saveCheckpoint(room.id, { state, seq, at })
    position.checkpointSize = state.byteLength
    position.checkpointSeq = seq
    position.checkpointAt = at
    position.bytesSinceCheckpoint = 0
  }

  /**
   * Takes note that `change` is stored at `seq`; saves a snapshot or checkpoint when one is
   * due. Plain code for the usual update: nothing to wait for, no promise.
   */
  function noteStored(room: Room, change: RoomChange, seq: number): Promise<void> | undefined {
    change.seq = seq
    room.log.note(seq)
    const position = positions.get(room)
    if (!position) return undefined
    position.at = change.at
    position.stored++
    position.bytesSinceCheckpoint += change.update.byteLength
    const snapshotDue = room.log.contiguous - position.snapshotSeq >= options.snapshotEvery
    if (!snapshotDue && !checkpointDue(room, position, false)) return undefined
    return (async () => {
      if (snapshotDue) await saveSnapshot(room, position)
      await saveCheckpoint(room, position, false)
    })()
  }

  const limits = options.limits ?? DEFAULT_UPDATE_LIMITS

  /**
   * Applies one stored update (or snapshot) if it passes the checks a client's would, or
   * quarantines it: logged, left out of the document, and since the next snapshot is taken
   * from the document, read no more once the room has unloaded. False when quarantined.
   */
  function applyStored(room: Room, update: Uint8Array, what: { seq: number; kind: string }): boolean {
    try {
      checkUpdate(update, limits)
      Y.applyUpdate(room.doc, update, LOADED_FROM_STORAGE)
      return true
    } catch (error) {
      options.logger?.error(
        { room: room.id, seq: what.seq, kind: what.kind, reason: String(error) },
        'quarantined stored update',
      )
      return false
    }
  }

  /** Every stored update of a room, from the first: for a room whose snapshot was quarantined. */
  async function wholeLog(roomId: string): Promise<LogEntry[]> {
    const entries: LogEntry[] = []
    for (;;) {
      const page = await storage.readLog(roomId, entries.at(-1)?.seq ?? 0, LOG_PAGE)
      entries.push(...page)
      if (page.length < LOG_PAGE) return entries
    }
  }

  return {
    async onLoad(room) {
      const [loaded, checkpoint] = await Promise.all([
        storage.loadRoom(room.id),
        storage.latestCheckpoint(room.id),
      ])
      let { snapshot, updates } = loaded
      room.doc.transact(() => {
        if (snapshot && !applyStored(room, snapshot.state, { seq: snapshot.seq, kind: 'snapshot' })) {
          // The log is never trimmed: it rebuilds what the snapshot held (below).
          snapshot = null
        }
      }, LOADED_FROM_STORAGE)
      if (loaded.snapshot && !snapshot) updates = await wholeLog(room.id)
      room.doc.transact(() => {
        for (const entry of updates) applyStored(room, entry.update, { seq: entry.seq, kind: 'update' })
      }, LOADED_FROM_STORAGE)
      const last = updates.at(-1)
      room.sizeBytes = updates.reduce(
        (sum, entry) => sum + entry.update.byteLength,
        snapshot?.state.byteLength ?? 0,
      )
      room.log.holdThrough(last?.seq ?? snapshot?.seq ?? 0)
      const position: LogPosition = {
        at: last?.at ?? snapshot?.at ?? 0,
        snapshotSeq: snapshot?.seq ?? 0,
        // A room that never had one counts from its first update after this load.
        checkpointSeq: checkpoint?.seq ?? 0,
        checkpointAt: checkpoint?.at ?? last?.at ?? Date.now(),
        bytesSinceCheckpoint: 0,
        checkpointSize: 0,
        applied: 0,
        stored: 0,
      }
      positions.set(room, position)
    },
    onAccept(room, change) {
      // Every change of the document passes here (a failed room's no longer counts).
      const position = positions.get(room)
      if (position) position.applied++
      room.sizeBytes += change.update.byteLength
      if (change.remote) return
      const author = change.origin?.principal.role ?? 'server'
      const seq = storage.appendUpdate(room.id, { update: change.update, at: change.at, author })
      const started = appends.get(room)
      if (started) started.push(seq)
      else appends.set(room, [seq])
      // Awaited by onChange, or by onUnload for a change queued behind a failure: never unhandled.
      seq.catch(() => {})
    },
    onChange(room, change) {
      const position = positions.get(room)
      if (change.remote) {
        // Stored by the process that accepted it; fan-out noted its position in `room.log`.
        if (position) {
          position.stored++
          position.at = change.at
          position.bytesSinceCheckpoint += change.update.byteLength
        }
        return undefined
      }
      const append = appends.get(room)?.shift()
      if (!append) throw new Error('persistence: a change reached onChange without onAccept')
      return append.then((seq) => noteStored(room, change, seq))
    },
    async onUnload(room) {
      // A dropped or failed room refuses its queued changes, but their appends were started
      // (they are the ones onChange never took): whoever drops a room (to delete its rows)
      // must not be overtaken by one of them.
      await Promise.allSettled(appends.get(room) ?? [])
    },
    async onStore(room) {
      const position = positions.get(room)
      if (!position) return
      await saveSnapshot(room, position)
      await saveCheckpoint(room, position, true)
    },
  }
}
