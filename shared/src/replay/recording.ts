import { z } from 'zod'
import { roomIdSchema } from '../roomId.ts'
import { noteSchema } from '../session/controlEvents.ts'
import { seatSchema, sessionModes } from '../session/roles.ts'
import { scoreSchema } from '../session/score.ts'
import {
  publicTemplateSchema,
  type SessionEventType,
  sessionEventPayloads,
} from '../session/sessionEvents.ts'
import { rubricItemSchema, templateSchema } from '../template/templateSchema.ts'
import { Base64Error, base64ToBytes, bytesToBase64 } from './base64.ts'

/**
 * A session recording: the room's update log and checkpoints plus the session's public
 * control events, with the interviewer's notes and scorecard only when the reader has the
 * right to them. The same JSON is what `GET /api/sessions/:id/recording` answers and what an
 * exported archive file holds, so an archive is a recording saved to disk, and importing one
 * into another server replays the same states.
 *
 * Binary parts (Yjs updates, checkpoint states) travel as base64. Version 2 of the format
 * (version 1 plus the interviewer's whole templates and the participants' cursors); a change appends a new version and a
 * reader for it, never edits an old one. Every older version is still read.
 */

/** The `format` field of every recording and archive. */
export const recordingFormat = 'roofline.session'
/** The version this code writes. */
export const recordingVersion = 2
/** Every version this code reads (older ones are brought up to the current one). */
export const readableRecordingVersions: readonly number[] = [1, 2]

/** Milliseconds since the epoch. */
const time = z.number().int().nonnegative()
const seq = z.number().int().positive()
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'binary data must be base64')

export {
  type CursorPayload,
  cursorPayloadSchema,
  type PublicTemplate,
  publicTemplateSchema,
} from '../session/sessionEvents.ts'

const eventBase = { seq, at: time, actor: z.string().max(40) }

/** A recorded event of kind `type`: its stored form plus the sequence number storage gave it. */
function recorded<K extends SessionEventType>(type: K) {
  return z.strictObject({ ...eventBase, type: z.literal(type), payload: sessionEventPayloads[type] })
}

/** The events of version 1 (every kind but cursors). */
const controlEventOptions = [
  recorded('created'),
  recorded('joined'),
  recorded('left'),
  recorded('timer'),
  recorded('reveal'),
  recorded('swap'),
  recorded('template'),
  recorded('ended'),
] as const
const recordedEventSchemaV1 = z.discriminatedUnion('type', [...controlEventOptions])

/**
 * The events a recording carries: only public ones (who came and went, the timer, reveals,
 * swaps, template changes, the end, and since version 2 the participants' cursors). Notes,
 * scores and link changes never appear.
 */
export const recordedEventSchema = z.discriminatedUnion('type', [...controlEventOptions, recorded('cursor')])
/** A public control event of a recording. */
export type RecordedEvent = z.infer<typeof recordedEventSchema>
/** Types of the events a recording keeps. */
export const recordedEventTypes = [
  'created',
  'joined',
  'left',
  'timer',
  'reveal',
  'swap',
  'template',
  'ended',
  'cursor',
] as const

/** The private part of one round: its rubric, the interviewer's notes and scores. */
export const privateRoundSchema = z.strictObject({
  round: z.number().int().min(1),
  /** The seat that interviewed in this round. */
  interviewer: seatSchema,
  templateId: z.string().max(80),
  rubric: z.array(rubricItemSchema).max(40),
  notes: z.array(noteSchema).max(10_000),
  scores: z.record(z.string().max(80), scoreSchema),
})
/** The private part of one round. */
export type PrivateRound = z.infer<typeof privateRoundSchema>

const sessionPartSchema = z.strictObject({
  id: roomIdSchema,
  mode: z.enum(sessionModes),
  createdAt: time,
  endedAt: time.nullable(),
  names: z.strictObject({ host: z.string().max(80), guest: z.string().max(80) }),
  /** Every template the session used (the first round's first), public parts only. */
  templates: z.array(publicTemplateSchema).min(1).max(100),
  /** The template the session started with. */
  startTemplateId: z.string().max(80),
})

/** One board update as JSON: its position, server time, author role and the Yjs update in base64. */
export const logEntryJsonSchema = z.strictObject({
  seq,
  at: time,
  author: z.string().max(40),
  update: base64,
})
/** One checkpoint as JSON: the whole document (base64) as of log entry `seq`. */
export const checkpointJsonSchema = z.strictObject({ seq, at: time, state: base64 })

/** Version 1: public templates only; the private part holds notes, scores and rubrics. */
const recordingSchemaV1 = z.strictObject({
  format: z.literal(recordingFormat),
  version: z.literal(1),
  exportedAt: time,
  session: sessionPartSchema,
  events: z.array(recordedEventSchemaV1).max(1_000_000),
  log: z.array(logEntryJsonSchema).max(5_000_000),
  checkpoints: z.array(checkpointJsonSchema).max(100_000),
  private: z.strictObject({ rounds: z.array(privateRoundSchema).max(1000) }).nullable(),
})

/** The private part: notes and scorecard per round, and (interviewer's own export) the whole templates. */
export const privatePartSchema = z.strictObject({
  rounds: z.array(privateRoundSchema).max(1000),
  /**
   * The whole templates the session used (hidden material, rubric, tags), so an import shows
   * the real template. Only in what the interviewer's own link reads: a shared replay link never
   * carries cards that were not revealed.
   */
  templates: z.array(templateSchema).max(100),
})

/** A recording (and an archive file) as JSON, in the current version. */
export const recordingSchema = recordingSchemaV1.extend({
  version: z.literal(recordingVersion),
  events: z.array(recordedEventSchema).max(1_000_000),
  private: privatePartSchema.nullable(),
})

/** A recording as JSON (binary parts in base64). */
export type RecordingJson = z.infer<typeof recordingSchema>

/** One stored update of the board, decoded. */
export interface ReplayLogEntry {
  seq: number
  /** Server time it was accepted. */
  at: number
  /** Role that sent it, or 'server'. */
  author: string
  update: Uint8Array
}

/** A full document state at a log position, decoded. */
export interface ReplayCheckpoint {
  /** The state holds exactly the log entries with `seq` up to and including this one. */
  seq: number
  at: number
  state: Uint8Array
}

/** A recording with its binary parts decoded. */
export interface Recording extends Omit<RecordingJson, 'log' | 'checkpoints'> {
  log: ReplayLogEntry[]
  checkpoints: ReplayCheckpoint[]
}

/** Why a recording or archive could not be read, in a sentence a person can act on. */
export class RecordingFormatError extends Error {
  override name = 'RecordingFormatError'
  /** One line per problem found (field path and reason), when the schema refused it. */
  readonly issues: string[]
  constructor(message: string, issues: string[] = []) {
    super(message)
    this.issues = issues
  }
}

/**
 * Checks parsed JSON against the recording format and decodes its binary parts. Version and
 * format are checked first, so a file from a newer Roofline gets that message, not a list of
 * schema errors.
 *
 * @throws RecordingFormatError
 * @example const recording = parseRecording(JSON.parse(text))
 */
export function parseRecording(value: unknown): Recording {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordingFormatError('This is not a Roofline session archive (expected a JSON object).')
  }
  const head = value as { format?: unknown; version?: unknown }
  if (head.format !== recordingFormat) {
    throw new RecordingFormatError(
      `This is not a Roofline session archive (its "format" is ${JSON.stringify(head.format) ?? 'missing'}, expected "${recordingFormat}").`,
    )
  }
  if (typeof head.version !== 'number' || !readableRecordingVersions.includes(head.version)) {
    throw new RecordingFormatError(
      `This archive is version ${JSON.stringify(head.version) ?? '(none)'}; this server reads versions ${readableRecordingVersions.join(' and ')}. ` +
        'Import it into a Roofline of the same or a newer version.',
    )
  }
  const parsed =
    head.version === 1
      ? recordingSchemaV1.transform(upgradeFromV1).safeParse(value)
      : recordingSchema.safeParse(value)
  if (!parsed.success) throw new RecordingFormatError(DAMAGED, schemaIssues(parsed.error))
  try {
    return {
      ...parsed.data,
      log: parsed.data.log.map((entry) => ({ ...entry, update: base64ToBytes(entry.update) })),
      checkpoints: parsed.data.checkpoints.map((cp) => ({ ...cp, state: base64ToBytes(cp.state) })),
    }
  } catch (error) {
    if (error instanceof Base64Error) {
      throw new RecordingFormatError(`This archive is damaged: ${error.message}.`)
    }
    throw error
  }
}

const DAMAGED = 'This archive is damaged: it does not match the archive format.'

/** The first problems zod found, one line each: `path: reason`. */
export function schemaIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`)
}

/** A version 1 archive in the current version: it carried no whole templates. */
function upgradeFromV1(v1: z.infer<typeof recordingSchemaV1>): RecordingJson {
  return {
    ...v1,
    version: recordingVersion,
    private: v1.private ? { rounds: v1.private.rounds, templates: [] } : null,
  }
}

/**
 * The JSON form of a recording (binary parts as base64), ready for `JSON.stringify`.
 *
 * @example const file = JSON.stringify(recordingToJson(recording))
 */
export function recordingToJson(recording: Recording): RecordingJson {
  return {
    ...recording,
    log: recording.log.map((entry) => ({
      seq: entry.seq,
      at: entry.at,
      author: entry.author,
      update: bytesToBase64(entry.update),
    })),
    checkpoints: recording.checkpoints.map((cp) => ({
      seq: cp.seq,
      at: cp.at,
      state: bytesToBase64(cp.state),
    })),
  }
}

/** A past session as the library lists it (`GET /api/sessions/:id/summary`). */
export const sessionSummarySchema = z.object({
  id: roomIdSchema,
  title: z.string(),
  mode: z.enum(sessionModes),
  names: z.object({ host: z.string(), guest: z.string() }),
  createdAt: z.number(),
  endedAt: z.number().nullable(),
  /** The interview clock at the end (or now): running time, pauses excluded. */
  clockMs: z.number(),
  /** From the first to the last recorded activity, null when nothing happened. */
  activeFrom: z.number().nullable(),
  activeTo: z.number().nullable(),
  rounds: z.number().int(),
  /** Board updates recorded. */
  updates: z.number().int(),
  /** Imported from an archive (it exists only to be replayed). */
  imported: z.boolean(),
})
/** A past session as the library lists it. */
export type SessionSummary = z.infer<typeof sessionSummarySchema>

/** Where a replay lives: `/replay/<id>#token=<token>`; the token never reaches a server log. */
export function replayLink(origin: string, id: string, token: string): string {
  return `${origin}/replay/${encodeURIComponent(id)}#token=${encodeURIComponent(token)}`
}

/**
 * Where the printable report of a session lives: `/report/<id>#token=<token>`, readable by the
 * same links as the recording (a link without notes gets a report without notes).
 *
 * @example reportLink('', id, token) // '/report/<id>#token=<token>', a path on this origin
 */
export function reportLink(origin: string, id: string, token: string): string {
  return `${origin}/report/${encodeURIComponent(id)}#token=${encodeURIComponent(token)}`
}
