import { type CursorPayload, cursorPayloadSchema } from '@roofline/shared/replay'
import type { Room } from '../rooms/room.ts'
import type { RoomExtension } from '../rooms/roomLifecycle.ts'
import type { SessionEventLog } from '../sessions/sessionEventLog.ts'
import type { Storage } from '../storage/storage.ts'

/** A participant's pointer is kept at most this often (4 a second: smooth enough to follow, small to store). */
const SAMPLE_EVERY_MS = 250

/** What tldraw publishes as presence in awareness (the part a recording keeps). */
interface PresenceState {
  presence?: { userName?: unknown; color?: unknown; cursor?: { x?: unknown; y?: unknown } | null } | null
}

/**
 * Records the participants' cursors of session rooms, so a replay can show them: each
 * pointer of a connection to this process is sampled at most every 250 ms, only when it
 * moved, and stored as a `cursor` event of the session. Scratch boards (no session) keep
 * nothing. A failed write is logged and dropped: a cursor is never worth failing a room for.
 */
export function recordCursors(options: {
  storage: Storage
  /** The sessions' event log the samples go to. */
  events: SessionEventLog
  logger: { warn(details: object, message: string): void }
  now?: () => number
}): RoomExtension {
  const now = options.now ?? Date.now
  const isSession = new Map<string, Promise<boolean>>()
  const last = new Map<string, { at: number; x: number; y: number }>()

  function sessionRoom(roomId: string): Promise<boolean> {
    let known = isSession.get(roomId)
    if (!known) {
      known = options.storage.loadSession(roomId).then(
        (session) => session !== null,
        () => false,
      )
      isSession.set(roomId, known)
    }
    return known
  }

  function sample(room: Room, client: number): CursorPayload | null {
    const state = room.awareness.getStates().get(client) as PresenceState | undefined
    const presence = state?.presence
    const parsed = cursorPayloadSchema.safeParse({
      client,
      name: typeof presence?.userName === 'string' ? presence.userName.slice(0, 80) : '',
      color: typeof presence?.color === 'string' ? presence.color.slice(0, 40) : '',
      x: presence?.cursor?.x,
      y: presence?.cursor?.y,
    })
    return parsed.success ? parsed.data : null
  }

  return {
    onAwarenessChange(room, change) {
      // Another process records its own connections; expired states are not moves.
      if (!change.local) return
      const at = now()
      const moved: CursorPayload[] = []
      for (const client of change.clients) {
        const cursor = sample(room, client)
        if (!cursor) continue
        const key = `${room.id}:${client}`
        const before = last.get(key)
        if (
          before &&
          (at - before.at < SAMPLE_EVERY_MS || (before.x === cursor.x && before.y === cursor.y))
        ) {
          continue
        }
        last.set(key, { at, x: cursor.x, y: cursor.y })
        moved.push(cursor)
      }
      if (moved.length === 0) return
      void sessionRoom(room.id)
        .then(async (session) => {
          if (!session) return
          for (const payload of moved) {
            await options.events.append(room.id, { at, type: 'cursor', actor: 'board', payload })
          }
        })
        .catch((error: unknown) => {
          options.logger.warn({ room: room.id, reason: String(error) }, 'cursor not recorded')
        })
    },
    async onUnload(room) {
      isSession.delete(room.id)
      for (const key of last.keys()) if (key.startsWith(`${room.id}:`)) last.delete(key)
    },
  }
}
