import { PlaybackClock, type SessionTimeline } from '@roofline/shared/replay'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'

/** Playback speeds the transport offers. */
export const replaySpeeds = [0.5, 1, 1.5, 2, 4, 8, 16] as const
/** A playback speed. */
export type ReplaySpeed = (typeof replaySpeeds)[number]

const NO_ACTIVITY: readonly number[] = []

/** The player's state and controls. */
export interface ReplayPlayer {
  /** The playhead: a session instant (server time, ms). */
  t: number
  playing: boolean
  speed: ReplaySpeed
  skipIdle: boolean
  play(): void
  pause(): void
  seek(t: number): void
  setSpeed(speed: ReplaySpeed): void
  setSkipIdle(skip: boolean): void
}

/**
 * Plays a timeline: the playhead advances with the wall clock times `speed`; with `skipIdle`,
 * every stretch over 5 s without activity takes 1 s (see `PlaybackClock`); `moreActivity`
 * (when people spoke) counts as activity too, so speech is never skipped. Playing from the
 * end starts over.
 */
export function useReplayPlayer(
  timeline: SessionTimeline,
  initial?: number,
  moreActivity: readonly number[] = NO_ACTIVITY,
): ReplayPlayer {
  const [t, setT] = useState(() => clampTo(timeline, initial ?? timeline.start))
  const [playing, setPlaying] = useState(false)
  const [speed, setSpeed] = useState<ReplaySpeed>(1)
  const [skipIdle, setSkipIdle] = useState(true)
  const clock = useMemo(
    () =>
      new PlaybackClock({
        start: timeline.start,
        end: timeline.end,
        activity: moreActivity.length > 0 ? [...timeline.activity, ...moreActivity] : timeline.activity,
        skipIdle,
      }),
    [timeline, skipIdle, moreActivity],
  )
  const tRef = useRef(t)
  tRef.current = t

  useEffect(() => {
    if (!playing) return
    let frame = 0
    let last = performance.now()
    const step = (now: number) => {
      const elapsed = now - last
      last = now
      const position = clock.toPlayback(tRef.current) + elapsed * speed
      if (position >= clock.duration) {
        setT(timeline.end)
        setPlaying(false)
        return
      }
      setT(clock.toSession(position))
      frame = requestAnimationFrame(step)
    }
    frame = requestAnimationFrame(step)
    return () => cancelAnimationFrame(frame)
  }, [playing, speed, clock, timeline])

  const play = useCallback(() => {
    if (tRef.current >= timeline.end) setT(timeline.start)
    setPlaying(true)
  }, [timeline])
  const pause = useCallback(() => setPlaying(false), [])
  const seek = useCallback((next: number) => setT(clampTo(timeline, next)), [timeline])

  return { t, playing, speed, skipIdle, play, pause, seek, setSpeed, setSkipIdle }
}

function clampTo(timeline: SessionTimeline, t: number): number {
  return Math.min(Math.max(t, timeline.start), timeline.end)
}
