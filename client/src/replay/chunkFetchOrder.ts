/** Replay chunks fetched at once: enough to hide a round trip each, few enough not to crowd the board's own traffic. */
export const CHUNK_FETCHES_AT_ONCE = 4

/** What the fetch order needs of a recorded track: its chunks' start times and lengths (ms). */
interface TimedTrack {
  chunks: ReadonlyArray<{ at: number; durationMs: number }>
}

/**
 * How far (ms) time `t` is from `track`: 0 inside it, else to its nearer end. A track without
 * chunks is infinitely far.
 */
export function distanceFrom(track: TimedTrack, t: number): number {
  const first = track.chunks[0]
  const last = track.chunks.at(-1)
  if (!first || !last) return Number.POSITIVE_INFINITY
  const end = last.at + last.durationMs
  return t < first.at ? first.at - t : t > end ? t - end : 0
}

/**
 * The tracks in the order their audio is wanted: the ones playing at the playhead `t` first,
 * then the nearer before the farther (ties keep their order). A track plays only once all its
 * chunks are in (they concatenate into one file), so it is the unit of priority.
 */
export function tracksNearestFirst<T extends TimedTrack>(tracks: readonly T[], t: number): T[] {
  return tracks
    .map((track, index) => ({ track, index, distance: distanceFrom(track, t) }))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .map(({ track }) => track)
}

/**
 * Runs `work` on every item with at most `limit` running at once, starting them in the
 * items' order; resolves when all are done, rejects with the first failure (no new item
 * starts after it). `stopped()` true stops starting new items.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  stopped: () => boolean = () => false,
): Promise<void> {
  let next = 0
  let failed = false
  const worker = async () => {
    while (next < items.length && !failed && !stopped()) {
      const item = items[next++] as T
      try {
        await work(item)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker))
}
