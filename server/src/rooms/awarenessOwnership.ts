import * as encoding from 'lib0/encoding'
import type { Connection, Room } from './room.ts'
import type { AwarenessEntry } from './yMessages.ts'

export type { AwarenessEntry } from './yMessages.ts'

/** What a connection's awareness update may do in its room. */
export interface AwarenessAdmission {
  /** The entries to apply: the connection's own ids and those it may introduce. */
  entries: AwarenessEntry[]
  /** Set when the update is refused whole (the connection is closed). */
  refusal: string | null
  /** Ids of other connections it tried to change (dropped, logged). */
  spoofed: number[]
}

/**
 * Sorts a connection's awareness update into what it may do. A connection owns the ids it
 * introduced (`room.awarenessOwners`) and introduces at most `maxOwn`; it never changes or
 * removes another's. Stock y-websocket clients echo every state they receive back to the
 * server, so an entry for an id someone else holds is not an offence in itself: one with the
 * clock the server already has is an echo, dropped without a word; one with a newer clock
 * would change another's presence, and is dropped and reported. An id nobody holds (new, or
 * of a connection that left) may be taken, up to the limit; past it the whole update is
 * refused: a client speaks for its own document, not for thousands of made-up ones.
 */
export function admitAwareness(
  room: Room,
  connection: Connection,
  entries: readonly AwarenessEntry[],
  maxOwn: number,
): AwarenessAdmission {
  const own = room.connections.get(connection)
  const admitted: AwarenessEntry[] = []
  const spoofed: number[] = []
  let owned = own?.size ?? 0
  for (const entry of entries) {
    const owner = room.awarenessOwners.get(entry.client)
    if (owner === connection) {
      admitted.push(entry)
      continue
    }
    const known = room.awareness.meta.get(entry.client)
    const stale = known !== undefined && entry.clock <= known.clock
    if (stale) continue // an echo of what the server sent, or older: changes nothing
    if (owner || room.awareness.states.has(entry.client)) {
      spoofed.push(entry.client)
      continue
    }
    if (entry.state === 'null') continue // removing a state nobody has
    owned++
    admitted.push(entry)
  }
  const refusal = owned > maxOwn ? `a connection speaks for at most ${maxOwn} awareness client ids` : null
  return { entries: admitted, refusal, spoofed }
}

/** An awareness update (y-protocols' encoding) of `entries`. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.client)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.state)
  }
  return encoding.toUint8Array(encoder)
}
