import { describe, expect, it } from 'vitest'
import { PlaybackClock } from './playbackClock.ts'

describe('PlaybackClock', () => {
  const activity = [0, 2_000, 4_000, 64_000, 65_000]

  it('plays in session time when not skipping', () => {
    const clock = new PlaybackClock({ start: 0, end: 65_000, activity, skipIdle: false })
    expect(clock.duration).toBe(65_000)
    expect(clock.toPlayback(30_000)).toBe(30_000)
    expect(clock.toSession(30_000)).toBe(30_000)
  })

  it('compresses every gap longer than 5 s to 1 s, and maps both ways', () => {
    const clock = new PlaybackClock({ start: 0, end: 65_000, activity, skipIdle: true })
    expect(clock.duration).toBe(4_000 + 1_000 + 1_000)
    expect(clock.toPlayback(4_000)).toBe(4_000)
    expect(clock.toPlayback(34_000)).toBeCloseTo(4_500)
    expect(clock.toPlayback(64_000)).toBeCloseTo(5_000)
    expect(clock.toSession(4_500)).toBeCloseTo(34_000)
    for (const t of [0, 1_000, 3_999, 10_000, 63_999, 64_500, 65_000]) {
      expect(clock.toSession(clock.toPlayback(t))).toBeCloseTo(t)
    }
  })

  it('clamps outside the recording', () => {
    const clock = new PlaybackClock({ start: 100, end: 200, activity: [], skipIdle: true })
    expect(clock.toPlayback(0)).toBe(0)
    expect(clock.toSession(-5)).toBe(100)
    expect(clock.toSession(1e12)).toBe(200)
  })
})
