import type { VoiceChunk } from './chunkUploader.ts'

/** A voice bitrate: Opus is clear for speech at 24 kb/s (~180 kB a minute). */
export const VOICE_BITS_PER_SECOND = 24_000
/** Chunk length: at most this much is lost with a crashed tab. */
export const CHUNK_MS = 3000
/** One speech-activity level per this many ms. */
export const LEVEL_STEP_MS = 100

/** The container the browser records Opus into (WebM in Chromium and Firefox, Ogg as a fallback). */
export function recordingMime(): string | null {
  if (typeof MediaRecorder === 'undefined') return null
  return (
    ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm'].find((mime) =>
      MediaRecorder.isTypeSupported(mime),
    ) ?? null
  )
}

/**
 * `levels` resized to `count` entries: the sampling timer drifts by a tick or two over a chunk,
 * and the server reads one level per 100 ms of the chunk's duration.
 *
 * @example fitLevels([1, 2, 3], 4) // [1, 2, 3, 3]
 */
export function fitLevels(levels: readonly number[], count: number): number[] {
  if (count <= 0) return []
  if (levels.length === 0) return new Array<number>(count).fill(0)
  return Array.from({ length: count }, (_, i) => levels[Math.min(levels.length - 1, i)] as number)
}

/**
 * Records one microphone as one track: MediaRecorder Opus at a voice bitrate, cut every 3 s
 * into numbered chunks placed on the session clock, each with its speech-activity levels.
 * Chunk 0 carries the container's header, so a track's chunks concatenate into a playable file.
 */
export class VoiceRecorder {
  readonly #recorder: MediaRecorder
  readonly #levels: number[] = []
  readonly #sampler: ReturnType<typeof setInterval>
  #seq = 0
  #chunkStart: number
  readonly #now: () => number

  constructor(options: {
    stream: MediaStream
    track: number
    mime: string
    /** The microphone's level now (0–100). */
    level(): number
    /** Session-clock ms now (local time plus the offset to the server). */
    now(): number
    onChunk(chunk: VoiceChunk): void
  }) {
    this.#now = options.now
    this.#recorder = new MediaRecorder(options.stream, {
      mimeType: options.mime,
      audioBitsPerSecond: VOICE_BITS_PER_SECOND,
    })
    this.#sampler = setInterval(() => this.#levels.push(options.level()), LEVEL_STEP_MS)
    this.#chunkStart = this.#now()
    this.#recorder.ondataavailable = (event) => {
      if (event.data.size === 0) return
      const end = this.#now()
      const durationMs = Math.max(1, end - this.#chunkStart)
      const levels = fitLevels(this.#levels.splice(0), Math.max(1, Math.round(durationMs / LEVEL_STEP_MS)))
      options.onChunk({
        track: options.track,
        seq: this.#seq++,
        at: this.#chunkStart,
        durationMs,
        mime: options.mime,
        levels,
        bytes: event.data,
      })
      this.#chunkStart = end
    }
    this.#recorder.start(CHUNK_MS)
  }

  /** Stops recording; the last partial chunk is still delivered. */
  stop(): void {
    clearInterval(this.#sampler)
    if (this.#recorder.state !== 'inactive') this.#recorder.stop()
  }
}
