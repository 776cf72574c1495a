/**
 * How many of `length` ascending values are at most `limit` (a binary search: the index of
 * the first value above it). `valueAt(i)` reads the i-th value.
 *
 * @example countAtMost(times.length, (i) => times[i], t) // entries at or before t
 */
export function countAtMost(length: number, valueAt: (index: number) => number, limit: number): number {
  let low = 0
  let high = length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (valueAt(mid) <= limit) low = mid + 1
    else high = mid
  }
  return low
}
