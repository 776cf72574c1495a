import { applyTimerEvent, type Seat, type Template, templateSchema } from '@roofline/shared'
import {
  parseRecording,
  type Recording,
  RecordingFormatError,
  SessionTimeline,
} from '@roofline/shared/replay'
import { type SessionData, type StoredSessionEvent, storedSessionEventSchema } from '@roofline/shared/session'
import * as Y from 'yjs'
import { BoundsError, checkValueBounds, type ValueBounds } from '../limits/valueBounds.ts'
import { LinkTokens } from '../links/linkTokens.ts'
import { newSessionId } from '../links/tokens.ts'
import {
  checkUpdate,
  DEFAULT_UPDATE_LIMITS,
  MAX_PENDING_BYTES,
  pendingBytes,
  type UpdateLimits,
} from '../rooms/updateCheck.ts'
import { StatusError } from '../statusError.ts'
import type { SessionBundle, Snapshot, Storage, StoredVoiceChunk } from '../storage/storage.ts'
import { archiveKeptTemplates } from './archiveTemplates.ts'

/** Why an archive was refused; `issues` lists the fields at fault when the schema found them. */
export class ArchiveError extends StatusError {
  override name = 'ArchiveError'
  readonly issues: string[]
  constructor(status: number, message: string, issues: string[] = []) {
    super(status, message)
    this.issues = issues
  }
}

/** How an import lays out checkpoints (the same policy as live rooms) and what it accepts. */
export interface CheckpointPolicy {
  checkpointEvery: number
  checkpointIntervalMs: number
  checkpointBytes: number
  /** What each board update may hold: what a live room accepts (default: `DEFAULT_UPDATE_LIMITS`). */
  limits?: UpdateLimits
}

/**
 * Bounds on the archive as parsed JSON, checked before anything walks it recursively (the
 * schema, or `JSON.stringify` when its events are stored): no deeper than any archive
 * Roofline writes ever nests, and no more parts than its size limit allows anyway.
 */
const ARCHIVE_BOUNDS: ValueBounds = { maxDepth: 64, maxNodes: 20_000_000 }

/** What an import answers: the new session and the tokens of its two links. */
export interface ImportedSession {
  id: string
  /** Opens the replay with the archive's notes and scorecard (if it had them), and can delete it. */
  hostToken: string
}

/** Milliseconds an import replays its log before it gives the event loop back to the others. */
const SLICE_MS = 20

/**
 * Replays a board log into a fresh document, checking every update, and lays out checkpoints
 * by re-encoding the document as it goes (never by merging updates). Refuses a log whose
 * updates do not decode or leave the document waiting for updates that are not there (at the
 * end, or past `MAX_PENDING_BYTES` on the way: Yjs reads what waits again with every update).
 * Gives the event loop back every `SLICE_MS`: 200,000 small updates took 20 s.
 *
 * @throws ArchiveError
 */
export async function rebuildBoard(
  log: Recording['log'],
  policy: CheckpointPolicy,
): Promise<{ checkpoints: Snapshot[]; snapshot: Snapshot | null }> {
  const limits = policy.limits ?? DEFAULT_UPDATE_LIMITS
  const doc = new Y.Doc()
  const checkpoints: Snapshot[] = []
  let lastSeq = 0
  let lastAt = log[0]?.at ?? 0
  let bytes = 0
  let sliceStarted = performance.now()
  try {
    for (const [index, entry] of log.entries()) {
      if (performance.now() - sliceStarted > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve))
        sliceStarted = performance.now()
      }
      const seq = index + 1
      try {
        // Checked first: a well-formed update can still stall (thousands of root types) or
        // overflow the stack (values nested thousands deep) once applied and re-encoded.
        checkUpdate(entry.update, limits)
      } catch (error) {
        throw new ArchiveError(
          400,
          `This archive's board update ${entry.seq} is refused: ${(error as Error).message}.`,
        )
      }
      try {
        Y.decodeUpdate(entry.update)
        Y.applyUpdate(doc, entry.update)
      } catch {
        throw new ArchiveError(400, `This archive is damaged: board update ${entry.seq} cannot be read.`)
      }
      if (pendingBytes(doc) > MAX_PENDING_BYTES) throw missingUpdates()
      bytes += entry.update.byteLength
      if (
        seq - lastSeq >= policy.checkpointEvery ||
        entry.at - lastAt >= policy.checkpointIntervalMs ||
        bytes >= policy.checkpointBytes
      ) {
        checkpoints.push({ seq, at: entry.at, state: Y.encodeStateAsUpdate(doc) })
        lastSeq = seq
        lastAt = entry.at
        bytes = 0
      }
    }
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) throw missingUpdates()
    const last = log.at(-1)
    if (!last) return { checkpoints, snapshot: null }
    if (lastSeq < log.length) {
      checkpoints.push({ seq: log.length, at: last.at, state: Y.encodeStateAsUpdate(doc) })
    }
    return { checkpoints, snapshot: { seq: log.length, at: last.at, state: Y.encodeStateAsUpdate(doc) } }
  } finally {
    doc.destroy()
  }
}

const missingUpdates = () =>
  new ArchiveError(400, 'This archive is damaged: its board log is missing updates (it may be truncated).')

/**
 * Imports a session archive (a recording saved to a file) as a new, ended session that
 * exists to be replayed: everything is checked before anything is stored, then stored in
 * one transaction, so a refused archive leaves nothing behind.
 *
 * @throws ArchiveError 400 for an archive that is not one, of another version, or damaged.
 */
export async function importArchive(
  value: unknown,
  options: {
    storage: Storage
    policy: CheckpointPolicy
    now: number
    /**
     * Most board updates and session events an archive may hold together (default: no limit):
     * every one is replayed and stored, and half a million (63 MB) held the server for seconds.
     */
    maxEntries?: number
    /** Recorded voice chunks (a zip archive, version 3), stored with the session. */
    voice?: ReadonlyArray<Omit<StoredVoiceChunk, 'sessionId'>>
  },
): Promise<ImportedSession> {
  let recording: Recording
  try {
    checkValueBounds(value, ARCHIVE_BOUNDS)
    recording = parseRecording(value)
  } catch (error) {
    if (error instanceof RecordingFormatError) throw new ArchiveError(400, error.message, error.issues)
    if (error instanceof BoundsError)
      throw new ArchiveError(400, `This is not a session archive: its ${error.message}.`)
    throw error
  }
  const { session } = recording
  const entries = recording.log.length + recording.events.length
  if (options.maxEntries !== undefined && entries > options.maxEntries) {
    throw new ArchiveError(
      413,
      `This archive is too large: it holds ${entries.toLocaleString('en-US')} board updates and events, this server imports up to ${options.maxEntries.toLocaleString('en-US')}.`,
    )
  }
  for (const [index, entry] of recording.log.entries()) {
    const previous = recording.log[index - 1]
    if (previous && entry.seq <= previous.seq) {
      throw new ArchiveError(
        400,
        `This archive is damaged: its board log is out of order at entry ${index + 1}.`,
      )
    }
  }
  const startTemplate = session.templates.find((t) => t.id === session.startTemplateId)
  if (!startTemplate) {
    throw new ArchiveError(400, 'This archive is damaged: the template it starts with is missing.')
  }
  const board = await rebuildBoard(recording.log, options.policy)

  const timeline = SessionTimeline.fromRecording(recording)
  const last = timeline.momentAt(Number.MAX_SAFE_INTEGER)
  const endedAt = session.endedAt ?? timeline.end
  const stopped = applyTimerEvent(last.timer, { command: 'stop' }, endedAt)
  const privateRounds = recording.private?.rounds ?? []
  const privateSeat: Seat | null = recording.private ? (privateRounds[0]?.interviewer ?? 'host') : null
  const rubrics = Object.fromEntries(privateRounds.map((round) => [round.templateId, round.rubric]))
  const wholeTemplates = recording.private?.templates ?? []
  // The interviewer's own archive (version 2) carries the whole template; older ones only its public part.
  const template =
    wholeTemplates.find((t) => t.id === last.template.id) ??
    placeholderTemplate(last.template, rubrics[last.template.id] ?? [])
  const noteIds = new Set<string>()
  for (const note of privateRounds.flatMap((round) => round.notes)) {
    if (noteIds.has(note.id))
      throw new ArchiveError(400, `This archive is damaged: note ${note.id} appears twice.`)
    noteIds.add(note.id)
  }

  const id = newSessionId()
  const data: SessionData = {
    version: 1,
    mode: session.mode,
    template,
    names: session.names,
    timer: stopped.ok ? stopped.state : last.timer,
    round: last.round,
    swapped: last.swapped,
    revealed: last.revealed,
    endedAt,
    // Only what still differs from a session recorded here; its templates are kept as events.
    imported: { at: options.now, sourceId: session.id, privateSeat },
  }
  // Every template the archive carried, kept as the session's own (private) events, so the
  // recording reads them as it reads any session's and never from this server's catalog.
  const kept: StoredSessionEvent[] = archiveKeptTemplates({
    templates: session.templates,
    startTemplateId: startTemplate.id,
    rubrics,
    wholeTemplates,
  }).map((payload) => {
    const event = { at: session.createdAt, type: 'template-kept', actor: 'server', payload }
    const parsed = storedSessionEventSchema.safeParse(event)
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `template.${i.path.join('.')}: ${i.message}`)
      throw new ArchiveError(400, 'This archive is damaged: a template it carries does not validate.', issues)
    }
    return parsed.data
  })
  const host = new LinkTokens(options.storage).mint(id, { kind: 'seat', seat: 'host' })
  const bundle: SessionBundle = {
    session: { id, createdAt: session.createdAt, data },
    tokens: [host.stored],
    events: [...kept, ...recording.events].map((event) => ({
      at: event.at,
      type: event.type,
      actor: event.actor,
      payload: event.payload,
    })),
    notes: privateRounds.flatMap((round) => round.notes.map((note) => ({ ...note, round: round.round }))),
    scores: privateRounds.flatMap((round) =>
      Object.entries(round.scores).map(([criterionId, score]) => ({
        round: round.round,
        criterionId,
        score,
      })),
    ),
    log: recording.log.map((entry) => ({ at: entry.at, author: entry.author, update: entry.update })),
    checkpoints: board.checkpoints,
    snapshot: board.snapshot,
    voice: (options.voice ?? []).map((chunk) => ({ ...chunk, sessionId: id })),
  }
  await options.storage.importSession(bundle)
  return { id, hostToken: host.token }
}

/**
 * The session document needs a whole template; an archive carries only the public part (and
 * the rubric, with the scorecard). The rest is filled with neutral values no one sees.
 */
function placeholderTemplate(
  template: Recording['session']['templates'][number],
  rubric: Template['rubric'],
): Template {
  const sources = template.sources.filter((source) => /^[\w.-]+\.txt$/.test(source))
  const parsed = templateSchema.safeParse({
    schemaVersion: 1,
    id: /^[a-z0-9][a-z0-9-]{0,79}$/.test(template.id) ? template.id : 'imported',
    title: template.title || 'Imported session',
    prompt: template.prompt || 'Imported session.',
    sources: sources.length > 0 ? sources : ['imported.txt'],
    tags: ['inference'],
    level: 'senior',
    lens: 'scale and speed',
    phases: template.phases,
    rubric: rubric.length > 0 ? rubric : [{ id: 'imported', title: 'Imported', strong: '-', failure: '-' }],
  })
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `template.${i.path.join('.')}: ${i.message}`)
    throw new ArchiveError(400, 'This archive is damaged: its template does not validate.', issues)
  }
  return parsed.data
}
