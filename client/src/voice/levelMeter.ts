import { speechLevelThreshold } from '@roofline/shared'

/** Level (0–100) at which a voice counts as speaking: the replay's lanes and the report use the same. */
export const SPEAKING_LEVEL = speechLevelThreshold

let sharedContext: AudioContext | null = null

/** One AudioContext for the page's meters (browsers limit how many a page may hold). */
export function audioContext(): AudioContext {
  sharedContext ??= new AudioContext()
  if (sharedContext.state === 'suspended') void sharedContext.resume()
  return sharedContext
}

/**
 * A stream's loudness, read on demand: RMS of the last ~20 ms mapped from −60…0 dBFS onto 0–100
 * (a quiet room reads near 0, normal speech 30–70).
 */
export class LevelMeter {
  readonly #source: MediaStreamAudioSourceNode
  readonly #analyser: AnalyserNode
  readonly #samples: Float32Array<ArrayBuffer>

  constructor(stream: MediaStream) {
    const context = audioContext()
    this.#source = context.createMediaStreamSource(stream)
    this.#analyser = context.createAnalyser()
    this.#analyser.fftSize = 1024
    this.#samples = new Float32Array(this.#analyser.fftSize)
    this.#source.connect(this.#analyser)
  }

  /** The level now, 0–100. */
  level(): number {
    this.#analyser.getFloatTimeDomainData(this.#samples)
    return levelOfSamples(this.#samples)
  }

  /** Disconnects from the stream (the stream itself stays open). */
  close(): void {
    this.#source.disconnect()
  }
}

/**
 * The 0–100 level of audio samples in −1…1: RMS in dBFS, −60 dB and below is 0, 0 dB is 100.
 *
 * @example levelOfSamples(new Float32Array(128).fill(0.1)) // 67 (−20 dBFS)
 */
export function levelOfSamples(samples: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as number
    sum += s * s
  }
  const rms = Math.sqrt(sum / Math.max(1, samples.length))
  if (rms <= 0) return 0
  const db = 20 * Math.log10(rms)
  return Math.round(Math.min(100, Math.max(0, ((db + 60) / 60) * 100)))
}
