import { describe, expect, it } from 'vitest'
import { distanceFrom, forEachBounded, tracksNearestFirst } from './chunkFetchOrder.ts'

const track = (name: string, from: number, to: number) => ({
  name,
  chunks: [
    { at: from, durationMs: (to - from) / 2 },
    { at: from + (to - from) / 2, durationMs: (to - from) / 2 },
  ],
})

describe('the replay fetches the audio near the playhead first, a few chunks at a time', () => {
  it('puts the tracks playing at the playhead first, then the nearer ones', () => {
    const tracks = [track('a', 0, 10_000), track('b', 20_000, 30_000), track('c', 40_000, 50_000)]
    expect(tracksNearestFirst(tracks, 45_000).map((x) => x.name)).toEqual(['c', 'b', 'a'])
    expect(tracksNearestFirst(tracks, 16_000).map((x) => x.name)).toEqual(['b', 'a', 'c'])
    // At the start nothing moves: the order is the original one.
    expect(tracksNearestFirst(tracks, 0).map((x) => x.name)).toEqual(['a', 'b', 'c'])
    expect(distanceFrom(tracks[1] as (typeof tracks)[1], 25_000)).toBe(0)
    expect(distanceFrom({ chunks: [] }, 0)).toBe(Number.POSITIVE_INFINITY)
  })

  it('runs at most the limit at once, starts items in order, and does them all', async () => {
    let running = 0
    let most = 0
    const started: number[] = []
    const done: number[] = []
    await forEachBounded(
      Array.from({ length: 11 }, (_, i) => i),
      4,
      async (i) => {
        started.push(i)
        running++
        most = Math.max(most, running)
        // Later items finish sooner: the order of starting must not depend on finishing.
        await new Promise((resolve) => setTimeout(resolve, 20 - i))
        running--
        done.push(i)
      },
    )
    expect(most).toBe(4)
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect([...done].sort((a, b) => a - b)).toEqual(started)
  })

  it('stops starting items after a failure or once stopped, and reports the failure', async () => {
    const started: number[] = []
    await expect(
      forEachBounded([0, 1, 2, 3, 4, 5, 6, 7], 2, async (i) => {
        started.push(i)
        await new Promise((resolve) => setTimeout(resolve, 5))
        if (i === 1) throw new Error('chunk 1 failed')
      }),
    ).rejects.toThrow('chunk 1 failed')
    expect(started.length).toBeLessThan(8)
    let stop = false
    const seen: number[] = []
    await forEachBounded(
      [0, 1, 2, 3, 4],
      1,
      async (i) => {
        seen.push(i)
        if (i === 1) stop = true
      },
      () => stop,
    )
    expect(seen).toEqual([0, 1])
  })
})
