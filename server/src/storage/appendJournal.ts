import {
  closeSync,
  constants,
  fdatasyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs'
import { crc32 } from 'node:zlib'
import type { LogEntry } from './storage.ts'

/** A log entry of a room, as the journal holds it. */
export interface JournalRecord {
  roomId: string
  entry: LogEntry
}

/** Bytes before a record's payload: its length and the CRC-32 of the payload (both u32 LE). */
const HEADER = 8
/**
 * Fixed part of a payload: the journal's generation (u32), seq and at (f64 each), the byte
 * lengths of room id and author (u16 each).
 */
const FIXED = 4 + 8 + 8 + 2 + 2
/** A record's header saying "nothing here": length 0. */
const EMPTY_HEADER = new Uint8Array(HEADER)

/**
 * Encodes records of `generation` into one buffer, each one `[length][crc32][generation][seq]
 * [at][room id length][author length][room id][author][update]`, so that a torn tail, or a
 * record of an earlier generation that a later one partly overwrote, is told from a whole record
 * of this generation by its length, checksum and generation.
 */
export function encodeJournalRecords(records: readonly JournalRecord[], generation: number): Buffer {
  let total = 0
  for (const { roomId, entry } of records) {
    total +=
      HEADER + FIXED + Buffer.byteLength(roomId) + Buffer.byteLength(entry.author) + entry.update.byteLength
  }
  const out = Buffer.allocUnsafe(total)
  let at = 0
  for (const { roomId, entry } of records) {
    const start = at
    at += HEADER
    at = out.writeUInt32LE(generation, at)
    at = out.writeDoubleLE(entry.seq, at)
    at = out.writeDoubleLE(entry.at, at)
    const roomLength = out.write(roomId, at + 4)
    const authorLength = out.write(entry.author, at + 4 + roomLength)
    // Room ids and roles are short; one over 64 KiB would not round-trip, so it is refused.
    if (roomLength > 0xffff || authorLength > 0xffff) throw new Error('a room id or author over 64 KiB')
    at = out.writeUInt16LE(roomLength, at)
    at = out.writeUInt16LE(authorLength, at)
    at += roomLength + authorLength
    out.set(entry.update, at)
    at += entry.update.byteLength
    const payload = out.subarray(start + HEADER, at)
    out.writeUInt32LE(payload.byteLength, start)
    out.writeUInt32LE(crc32(payload), start + 4)
  }
  return out
}

/**
 * The whole records at the start of `bytes`, in order, up to the first one that is cut short,
 * fails its checksum (a write torn by a crash, or left over from a longer one) or belongs to
 * another generation than the first (left over from before the journal was last emptied).
 */
export function decodeJournalRecords(bytes: Buffer): JournalRecord[] {
  const records: JournalRecord[] = []
  let generation: number | null = null
  let at = 0
  while (at + HEADER + FIXED <= bytes.byteLength) {
    const length = bytes.readUInt32LE(at)
    if (length < FIXED || at + HEADER + length > bytes.byteLength) break
    const payload = bytes.subarray(at + HEADER, at + HEADER + length)
    if (crc32(payload) !== bytes.readUInt32LE(at + 4)) break
    generation ??= payload.readUInt32LE(0)
    if (payload.readUInt32LE(0) !== generation) break
    const roomLength = payload.readUInt16LE(20)
    const authorLength = payload.readUInt16LE(22)
    if (FIXED + roomLength + authorLength > length) break
    const roomEnd = FIXED + roomLength
    const authorEnd = roomEnd + authorLength
    records.push({
      roomId: payload.toString('utf8', FIXED, roomEnd),
      entry: {
        seq: payload.readDoubleLE(4),
        at: payload.readDoubleLE(12),
        author: payload.toString('utf8', roomEnd, authorEnd),
        // A copy: the file's buffer is dropped once read.
        update: new Uint8Array(payload.subarray(authorEnd)),
      },
    })
    at += HEADER + length
  }
  return records
}

/**
 * An append-only file of log entries not yet copied into the database. Appending a group of
 * entries is one `write` (a SQLite commit of the same group wrote about nine 4 KiB pages to its
 * write-ahead log, one per B-tree page touched, which was a quarter of the server's CPU under
 * a drawing load), and once `append` returns the entries survive a crash of the process, as a
 * commit in SQLite's write-ahead log with `synchronous = NORMAL` does; with `sync`, an OS crash
 * or power loss too. The owner copies the entries into the database in bulk, then `reset`s.
 *
 * Each write goes at the end of the whole records written so far, so a write that failed
 * midway (a full disk) is overwritten by the next one rather than left in the middle. Emptying
 * the journal starts a new generation at the start of the file instead of truncating it: writes
 * over blocks the file already has cost the kernel less than writes that grow it (no block to
 * allocate, no page to zero, no size to update), and the generation tells the new records from
 * the old ones after them.
 */
export class AppendJournal {
  readonly #fd: number
  readonly #sync: boolean
  /** Bytes of whole records of this generation in the file. */
  #size = 0
  /** Starts at 1 in the emptied file: nothing older is in it. */
  #generation = 1

  private constructor(fd: number, sync: boolean) {
    this.#fd = fd
    this.#sync = sync
  }

  /**
   * Opens (creating if needed) the journal at `file` and hands the records it holds, which a
   * previous process appended but did not get to copy, to `recover`; once `recover` returns
   * (having stored them), the file is emptied.
   */
  static open(
    file: string,
    options: { sync: boolean; recover(records: JournalRecord[]): void },
  ): AppendJournal {
    // Not in append mode: on Linux that ignores the position a write is given.
    const fd = openSync(file, constants.O_RDWR | constants.O_CREAT, 0o644)
    try {
      const records = decodeJournalRecords(readFileSync(fd))
      if (records.length > 0) options.recover(records)
      ftruncateSync(fd, 0)
      return new AppendJournal(fd, options.sync)
    } catch (error) {
      closeSync(fd)
      throw error
    }
  }

  /** Writes the records at the end of the journal; throws (the disk is full, say) when not all of them are written. */
  append(records: readonly JournalRecord[]): void {
    const bytes = encodeJournalRecords(records, this.#generation)
    let written = 0
    while (written < bytes.byteLength) {
      written += writeSync(this.#fd, bytes, written, bytes.byteLength - written, this.#size + written)
    }
    if (this.#sync) fdatasyncSync(this.#fd)
    this.#size += bytes.byteLength
  }

  /** Empties the journal: call once every record in it is stored elsewhere. */
  reset(): void {
    this.#generation = (this.#generation + 1) >>> 0 || 1
    this.#size = 0
    // Until the next append, the file starts with an empty record, so a crash now recovers
    // nothing rather than the stored records (of a room deleted since, say).
    writeSync(this.#fd, EMPTY_HEADER, 0, HEADER, 0)
  }

  close(): void {
    closeSync(this.#fd)
  }
}
