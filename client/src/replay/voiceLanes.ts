import { levelSlotMs, type Seat, speechLevelThreshold, type VoiceTrack } from '@roofline/shared'

/** Silences shorter than this inside speech (pauses between words) keep one span. */
const BRIDGE_MS = 600

/** A stretch of session time, [from, to). */
export interface Span {
  from: number
  to: number
}

/** One speaker of a replay: their recorded tracks and when they spoke. */
export interface SpeakerLane {
  seat: Seat
  name: string
  tracks: VoiceTrack[]
  spans: Span[]
  /** Total speaking time, ms. */
  speakingMs: number
}

/**
 * When a track's speaker spoke, from the chunks' levels (one per 100 ms slot): slots at or
 * above `speechLevelThreshold` (the report's speaking time counts the same slots), with pauses under 0.6 s bridged.
 *
 * @example speechSpans(track) // [{ from: 1_700_000_004_000, to: 1_700_000_009_000 }]
 */
export function speechSpans(track: VoiceTrack): Span[] {
  const spans: Span[] = []
  for (const chunk of track.chunks) {
    chunk.levels.forEach((level, i) => {
      if (level < speechLevelThreshold) return
      const from = chunk.at + i * levelSlotMs
      const to = Math.min(from + levelSlotMs, chunk.at + chunk.durationMs)
      const last = spans.at(-1)
      if (last && from - last.to <= BRIDGE_MS) last.to = Math.max(last.to, to)
      else spans.push({ from, to })
    })
  }
  return spans
}

/** The replay's lanes: one per seat that was recorded, in seat order (host, guest, observer). */
export function speakerLanes(tracks: readonly VoiceTrack[]): SpeakerLane[] {
  const order: Seat[] = ['host', 'guest', 'observer']
  return order.flatMap((seat) => {
    const own = tracks.filter((track) => track.seat === seat && track.chunks.length > 0)
    if (own.length === 0) return []
    const spans = own.flatMap(speechSpans).sort((a, b) => a.from - b.from)
    const speakingMs = spans.reduce((sum, span) => sum + (span.to - span.from), 0)
    return [{ seat, name: own.at(-1)?.name ?? seat, tracks: own, spans, speakingMs }]
  })
}

/**
 * Activity instants for the playback clock's idle skipping: every speech span's ends and a
 * mark at least every 4 s inside it, so no stretch of speech is ever a >5 s "idle gap".
 */
export function speechMarks(lanes: readonly SpeakerLane[]): number[] {
  const marks: number[] = []
  for (const lane of lanes) {
    for (const span of lane.spans) {
      for (let t = span.from; t < span.to; t += 4000) marks.push(t)
      marks.push(span.to)
    }
  }
  return marks.sort((a, b) => a - b)
}

/**
 * Where session instant `t` falls in a track's media, in seconds (its chunks concatenated),
 * or null when the track was not recording then.
 */
export function mediaTimeAt(track: VoiceTrack, t: number): number | null {
  let offset = 0
  for (const chunk of track.chunks) {
    if (t < chunk.at) return null
    if (t < chunk.at + chunk.durationMs) return (offset + (t - chunk.at)) / 1000
    offset += chunk.durationMs
  }
  return null
}

/**
 * Whether the playhead at `t` is in a stretch the playback clock compresses (no activity for
 * longer than `idleMs` either side, the same rule as `PlaybackClock`): nothing is said there,
 * and the voices pause instead of racing through silence.
 */
export function inIdleGap(sortedMarks: readonly number[], t: number, idleMs = 5000): boolean {
  let lo = 0
  let hi = sortedMarks.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((sortedMarks[mid] as number) <= t) lo = mid + 1
    else hi = mid
  }
  const before = sortedMarks[lo - 1]
  const after = sortedMarks[lo]
  if (before === undefined || after === undefined) return false
  return after - before > idleMs
}

/** Where a click on a lane at `t` jumps: the start of the speech there, else of the next speech, else `t`. */
export function laneJumpTarget(spans: readonly Span[], t: number): number {
  const hit = spans.find((span) => span.to > t)
  return hit ? hit.from : t
}
