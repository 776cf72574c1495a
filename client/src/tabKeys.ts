/**
 * The WAI-ARIA tabs pattern's keys: per key, the index a tab list moves to from `index` among
 * `count` tabs (arrows step and wrap around, Home and End jump to the ends).
 */
const TAB_KEYS: Readonly<Record<string, (index: number, count: number) => number>> = {
  ArrowRight: (index, count) => (index + 1) % count,
  ArrowLeft: (index, count) => (index - 1 + count) % count,
  Home: () => 0,
  End: (_index, count) => count - 1,
}

/**
 * The tab a key moves to from `current` among `ids` (in order), or null for a key the pattern
 * does not use.
 *
 * @example tabIdAfterKey(['a', 'b', 'c'], 'c', 'ArrowRight') // 'a'
 */
export function tabIdAfterKey<Id extends string>(ids: readonly Id[], current: Id, key: string): Id | null {
  const move = TAB_KEYS[key]
  if (!move || ids.length === 0) return null
  const index = Math.max(0, ids.indexOf(current))
  return ids[move(index, ids.length)] ?? null
}
