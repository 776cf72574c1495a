import type { VoiceTrack } from '@roofline/shared'
import { PlaybackClock } from '@roofline/shared/replay'
import { describe, expect, it } from 'vitest'
import {
  inIdleGap,
  laneJumpTarget,
  mediaTimeAt,
  speakerLanes,
  speechMarks,
  speechSpans,
} from './voiceLanes.ts'

/** A track of 3 s chunks from `at`, with levels given per chunk. */
function track(seat: VoiceTrack['seat'], at: number, levels: number[][]): VoiceTrack {
  return {
    seat,
    name: seat === 'host' ? 'Ada' : 'Bo',
    track: 0,
    mime: 'audio/webm;codecs=opus',
    chunks: levels.map((l, seq) => ({ seq, at: at + seq * 3000, durationMs: 3000, bytes: 100, levels: l })),
  }
}
const quiet = new Array(30).fill(0)
const loud = new Array(30).fill(50)

describe('speech spans', () => {
  it('finds the speech in the levels and bridges short pauses', () => {
    const words = [...loud.slice(0, 10), 0, 0, 0, ...loud.slice(0, 17)]
    expect(speechSpans(track('guest', 1000, [quiet, words]))).toEqual([{ from: 4000, to: 7000 }])
    expect(speechSpans(track('guest', 0, [quiet, quiet]))).toEqual([])
  })

  it('makes one lane per recorded seat with its speaking time', () => {
    const lanes = speakerLanes([track('guest', 0, [quiet, loud]), track('host', 0, [loud, quiet])])
    expect(lanes.map((l) => [l.seat, l.speakingMs])).toEqual([
      ['host', 3000],
      ['guest', 3000],
    ])
  })
})

describe('idle skipping never skips speech', () => {
  it('keeps every stretch of a long speech at real time', () => {
    const lanes = speakerLanes([
      track('guest', 0, [quiet, quiet, quiet, loud, loud, loud, loud, quiet, quiet, quiet]),
    ])
    const marks = speechMarks(lanes)
    const clock = new PlaybackClock({
      start: 0,
      end: 30_000,
      activity: [0, 30_000, ...marks],
      skipIdle: true,
    })
    // 9 s of silence → 1 s; 12 s of speech at real time; 9 s of silence → 1 s.
    expect(clock.duration).toBe(14_000)
    expect(inIdleGap([0, ...marks, 30_000], 4000)).toBe(true)
    expect(inIdleGap([0, ...marks, 30_000], 15_000)).toBe(false)
  })
})

describe('media time', () => {
  it('places a session instant in the concatenated chunks', () => {
    const t = track('host', 10_000, [quiet, quiet])
    expect(mediaTimeAt(t, 9999)).toBeNull()
    expect(mediaTimeAt(t, 14_500)).toBe(4.5)
    expect(mediaTimeAt(t, 16_000)).toBeNull()
  })

  it('jumps to the speech under or after a click', () => {
    const spans = [
      { from: 100, to: 200 },
      { from: 500, to: 900 },
    ]
    expect(laneJumpTarget(spans, 150)).toBe(100)
    expect(laneJumpTarget(spans, 300)).toBe(500)
    expect(laneJumpTarget(spans, 950)).toBe(950)
  })
})
