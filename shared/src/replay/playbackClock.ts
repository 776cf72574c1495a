/** Options of a {@link PlaybackClock}. */
export interface PlaybackClockOptions {
  start: number
  end: number
  /** Instants something happened; the stretches between them are the candidates for skipping. */
  activity: readonly number[]
  /** Compress stretches without activity longer than this (ms). Default 5 s. */
  idleMs?: number
  /** What each compressed stretch lasts in playback (ms). Default 1 s. */
  compressedMs?: number
  /** Off: playback time is session time. */
  skipIdle: boolean
}

interface Piece {
  /** Session time range. */
  from: number
  to: number
  /** Playback time at `from`. */
  playFrom: number
  /** Playback ms per session ms in this piece. */
  rate: number
}

/**
 * Maps session time to playback time and back, so that a replay plays through quiet
 * stretches quickly: with `skipIdle`, every stretch longer than `idleMs` without activity
 * takes `compressedMs` of playback; everything else plays in real time (before the speed
 * factor, which the player applies on top).
 *
 * @example
 * const clock = new PlaybackClock({ start: 0, end: 60_000, activity: [0, 2_000, 60_000], skipIdle: true })
 * clock.duration              // 3_000: 2 s of activity, then a 58 s gap compressed to 1 s
 * clock.toSession(2_500)      // 31_000, halfway through the gap
 */
export class PlaybackClock {
  readonly start: number
  readonly end: number
  /** Playback length in ms. */
  readonly duration: number
  readonly #pieces: Piece[]

  constructor(options: PlaybackClockOptions) {
    const idleMs = options.idleMs ?? 5000
    const compressedMs = options.compressedMs ?? 1000
    this.start = options.start
    this.end = Math.max(options.start, options.end)
    const marks = [
      ...new Set([this.start, ...options.activity.filter((t) => t > this.start && t < this.end), this.end]),
    ].sort((a, b) => a - b)
    const pieces: Piece[] = []
    let play = 0
    for (let i = 0; i + 1 < marks.length; i++) {
      const from = marks[i] as number
      const to = marks[i + 1] as number
      const length = to - from
      const compress = options.skipIdle && length > idleMs
      const rate = compress ? compressedMs / length : 1
      pieces.push({ from, to, playFrom: play, rate })
      play += length * rate
    }
    this.#pieces = pieces
    this.duration = play
  }

  /** Playback time of session instant `t` (clamped to the recording). */
  toPlayback(t: number): number {
    const piece = this.#pieceBy((p) => p.from, Math.min(Math.max(t, this.start), this.end))
    if (!piece) return 0
    return piece.playFrom + (Math.min(Math.max(t, piece.from), piece.to) - piece.from) * piece.rate
  }

  /** Session instant at playback time `p` (clamped to the recording). */
  toSession(p: number): number {
    const clamped = Math.min(Math.max(p, 0), this.duration)
    const piece = this.#pieceBy((x) => x.playFrom, clamped)
    if (!piece) return this.start
    return Math.min(piece.to, piece.from + (clamped - piece.playFrom) / piece.rate)
  }

  /** The last piece whose key is at or before `value`. */
  #pieceBy(key: (piece: Piece) => number, value: number): Piece | undefined {
    let low = 0
    let high = this.#pieces.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (key(this.#pieces[mid] as Piece) <= value) low = mid + 1
      else high = mid
    }
    return this.#pieces[Math.max(0, low - 1)]
  }
}
