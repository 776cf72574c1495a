import { z } from 'zod'
import { Base64Error, base64ToBytes } from './base64.ts'
import { findPinnedCards, pinnedCardSchema } from './pinnedCards.ts'
import {
  logEntryJsonSchema,
  type Recording,
  RecordingFormatError,
  type ReplayLogEntry,
  recordingSchema,
  schemaIssues,
} from './recording.ts'

/**
 * A recording's outline: everything but the bytes of the board. The replay opens on it
 * (`GET /api/sessions/:id/recording/outline`) and fetches the checkpoint and log pages a seek
 * needs as it goes (`.../recording/checkpoints/:seq`, `.../recording/log?after=&limit=`), so a
 * 20,000-update session opens without downloading its whole history.
 *
 * The log travels as two parallel arrays (sequence numbers, times): a few bytes an entry.
 * The pinned calculator results come with it, found by the server in the whole log.
 */
export const recordingOutlineSchema = recordingSchema
  .omit({ log: true, checkpoints: true, exportedAt: true })
  .extend({
    log: z
      .strictObject({
        seq: z.array(z.number().int().positive()).max(5_000_000),
        at: z.array(z.number().int().nonnegative()).max(5_000_000),
      })
      .refine((log) => log.seq.length === log.at.length, 'the log needs a time per sequence number'),
    checkpoints: z
      .array(z.strictObject({ seq: z.number().int().positive(), at: z.number().int().nonnegative() }))
      .max(100_000),
    pins: z.array(pinnedCardSchema).max(10_000),
  })
/** A recording's outline. */
export type RecordingOutline = z.infer<typeof recordingOutlineSchema>

/** Most log entries one page answers. */
export const maxLogPage = 5000

/** A page of the log as JSON (`GET /api/sessions/:id/recording/log`). */
export const logPageSchema = z.strictObject({ entries: z.array(logEntryJsonSchema).max(maxLogPage) })

/**
 * Checks an outline as the server sent it.
 *
 * @throws RecordingFormatError
 */
export function parseOutline(value: unknown): RecordingOutline {
  const parsed = recordingOutlineSchema.safeParse(value)
  if (!parsed.success) {
    throw new RecordingFormatError(
      'The recording outline does not match its format.',
      schemaIssues(parsed.error),
    )
  }
  return parsed.data
}

/**
 * Checks and decodes a page of the log.
 *
 * @throws RecordingFormatError
 */
export function parseLogPage(value: unknown): ReplayLogEntry[] {
  const parsed = logPageSchema.safeParse(value)
  if (!parsed.success) {
    throw new RecordingFormatError(
      'A page of the recording does not match its format.',
      schemaIssues(parsed.error),
    )
  }
  try {
    return parsed.data.entries.map((entry) => ({ ...entry, update: base64ToBytes(entry.update) }))
  } catch (error) {
    if (error instanceof Base64Error)
      throw new RecordingFormatError(`A page of the recording is damaged: ${error.message}.`)
    throw error
  }
}

/**
 * The outline of a whole recording (what the server answers for it, computed here from the
 * bytes): for tests and tools that hold a whole recording in memory.
 *
 * @example SessionTimeline.fromOutline(outlineOf(recording))
 */
export function outlineOf(recording: Recording): RecordingOutline {
  const { log, checkpoints, exportedAt: _exportedAt, ...rest } = recording
  return {
    ...rest,
    log: { seq: log.map((entry) => entry.seq), at: log.map((entry) => entry.at) },
    checkpoints: checkpoints.map((cp) => ({ seq: cp.seq, at: cp.at })),
    pins: findPinnedCards(log),
  }
}
