import { writeFileSync } from 'node:fs'

/** A stretch of a generated WAV: a sine tone at `hz`, or silence without one. */
export interface ToneStretch {
  seconds: number
  hz?: number
}

/**
 * Writes a 48 kHz mono 16-bit PCM WAV of `stretches` to `file`: Chromium's fake microphone
 * (`--use-file-for-fake-audio-capture`) plays it in a loop, so each test person "speaks" a
 * tone of their own that can be told apart on the other side.
 *
 * @example writeToneWav('/tmp/a.wav', [{ seconds: 2 }, { seconds: 3, hz: 440 }]) // 2 s silence, 3 s of A4
 */
export function writeToneWav(file: string, stretches: readonly ToneStretch[], amplitude = 0.5): string {
  const rate = 48_000
  const samples = stretches.reduce((sum, s) => sum + Math.round(s.seconds * rate), 0)
  const data = Buffer.alloc(samples * 2)
  let i = 0
  for (const stretch of stretches) {
    const count = Math.round(stretch.seconds * rate)
    for (let n = 0; n < count; n++, i++) {
      const value = stretch.hz ? amplitude * Math.sin((2 * Math.PI * stretch.hz * n) / rate) : 0
      data.writeInt16LE(Math.round(value * 32_767), i * 2)
    }
  }
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVE', 8)
  header.write('fmt ', 12)
  header.writeUInt32LE(16, 16) // fmt chunk size
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(1, 22) // mono
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28) // bytes per second
  header.writeUInt16LE(2, 32) // block align
  header.writeUInt16LE(16, 34) // bits per sample
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  writeFileSync(file, Buffer.concat([header, data]))
  return file
}
