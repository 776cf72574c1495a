import { seatSchema, voiceChunkMetaSchema } from '@roofline/shared'
import { type Unzipped, unzipSync, type Zippable, zipSync } from 'fflate'
import { z } from 'zod'
import type { StoredVoiceChunk } from '../storage/storage.ts'
import { ArchiveError } from './archiveImport.ts'

/**
 * The session archive as a zip (archive version 3, with recorded voice): `archive.json` (a
 * small manifest: the version and each voice chunk's seat, track, seq, time, levels and file),
 * `recording.json` (the recording exactly as a version 1–2 archive holds it) and one file per
 * voice chunk under `voice/`, stored as recorded. Why a zip and not base64 inside the JSON:
 * base64 makes audio a third larger and the whole archive one JSON text to parse in memory;
 * in a zip the Opus bytes stay as they are (stored, not deflated again: Opus does not
 * compress), each entry has its CRC-32, and any unzip tool opens the archive and plays a chunk.
 */

/** The archive version a zip archive is. */
export const zipArchiveVersion = 3
/** The format name in the manifest. */
export const zipArchiveFormat = 'roofline.archive'
const MANIFEST = 'archive.json'
const RECORDING = 'recording.json'

const chunkEntrySchema = voiceChunkMetaSchema.extend({
  seat: seatSchema,
  seq: z.number().int().min(0),
  file: z.string().regex(/^voice\/[a-z]+-\d+-\d+\.[a-z0-9]+$/),
})

const manifestSchema = z.strictObject({
  format: z.literal(zipArchiveFormat),
  version: z.literal(zipArchiveVersion),
  recording: z.literal(RECORDING),
  voice: z.array(chunkEntrySchema),
})

/** A voice chunk as an archive carries it (its session is the one it is imported as). */
export type ArchivedVoiceChunk = Omit<StoredVoiceChunk, 'sessionId'>

/** The file a chunk is kept in. */
const chunkFile = (chunk: ArchivedVoiceChunk) => `voice/${chunk.seat}-${chunk.track}-${chunk.seq}.webm`

/**
 * Packs a recording (as its JSON) and its voice chunks into a zip archive.
 *
 * @example const zip = packArchive(recordingToJson(recording), chunks)
 */
export function packArchive(recordingJson: unknown, chunks: readonly ArchivedVoiceChunk[]): Uint8Array {
  const manifest: z.infer<typeof manifestSchema> = {
    format: zipArchiveFormat,
    version: zipArchiveVersion,
    recording: RECORDING,
    voice: chunks.map((chunk) => {
      // Named field by field: whatever else the caller's chunk holds (its session) stays out.
      const { track, seq, at, durationMs, levels, mime } = chunk
      return {
        seat: seatSchema.parse(chunk.seat),
        track,
        seq,
        at,
        durationMs,
        levels,
        mime,
        file: chunkFile(chunk),
      }
    }),
  }
  const files: Zippable = {
    [MANIFEST]: new TextEncoder().encode(JSON.stringify(manifest)),
    [RECORDING]: new TextEncoder().encode(JSON.stringify(recordingJson)),
  }
  // Stored as they are: deflating Opus costs time and gains nothing.
  for (const chunk of chunks) files[chunkFile(chunk)] = [chunk.bytes, { level: 0 }]
  return zipSync(files, { level: 6 })
}

/** Whether `bytes` begin as a zip file does ("PK\x03\x04"). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

/**
 * Reads a zip archive: the recording (parsed JSON, checked later as any archive is) and its
 * voice chunks, each checked against the manifest. Refuses one that would unpack to more than
 * `maxUnpackedBytes` before unpacking anything (a small zip can claim gigabytes).
 *
 * @throws ArchiveError 400 for a zip that is no archive or is damaged, 413 past the limit.
 */
export function unpackArchive(
  bytes: Uint8Array,
  maxUnpackedBytes: number,
): { recording: unknown; voice: ArchivedVoiceChunk[] } {
  let unpacked = 0
  let files: Unzipped
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize
        if (unpacked > maxUnpackedBytes) {
          throw new ArchiveError(
            413,
            `This archive is too large: it unpacks to more than ${maxUnpackedBytes} bytes.`,
          )
        }
        return true
      },
    })
  } catch (error) {
    if (error instanceof ArchiveError) throw error
    throw new ArchiveError(400, 'This archive is damaged: it is not a complete zip file.')
  }
  const text = (name: string) => {
    const file = files[name]
    if (!file) throw new ArchiveError(400, `This archive is damaged: it has no ${name}.`)
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file)) as unknown
    } catch {
      throw new ArchiveError(400, `This archive is damaged: its ${name} is not JSON.`)
    }
  }
  const manifest = manifestSchema.safeParse(text(MANIFEST))
  if (!manifest.success) {
    const issues = manifest.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ArchiveError(400, `This is not a Roofline archive of version ${zipArchiveVersion}.`, issues)
  }
  const seen = new Set<string>()
  const voice = manifest.data.voice.map(({ file, ...chunk }) => {
    const data = files[file]
    if (!data || data.byteLength === 0)
      throw new ArchiveError(400, `This archive is damaged: ${file} is missing.`)
    const place = `${chunk.seat}/${chunk.track}/${chunk.seq}`
    if (seen.has(place))
      throw new ArchiveError(400, `This archive is damaged: voice chunk ${place} appears twice.`)
    seen.add(place)
    return { ...chunk, bytes: data }
  })
  return { recording: text(RECORDING), voice }
}
