import { type Seat, timerView } from '@roofline/shared'
import {
  maxLogPage,
  type PrivateRound,
  type PublicTemplate,
  type RecordedEvent,
  type Recording,
  type RecordingOutline,
  type ReplayLogEntry,
  recordedEventTypes,
  recordingFormat,
  recordingVersion,
  type SessionSummary,
  SessionTimeline,
} from '@roofline/shared/replay'
import type { SessionData } from '@roofline/shared/session'
import { sessionDataSchema } from '@roofline/shared/session'
import { sourceTitles } from '@roofline/templates'
import { everyReplayLink, type LinkKind } from '../links/linkKinds.ts'
import { checkRecordingLink } from '../links/recordingLinks.ts'
import type { SessionDeletion } from '../sessions/sessionDeletion.ts'
import { type SessionDeps, withClock } from '../sessions/sessionDeps.ts'
import type { LoggedSessionEvent } from '../sessions/sessionEventLog.ts'
import { SessionError } from '../sessions/sessionService.ts'
import type { TemplateCatalog } from '../sessions/templateCatalog.ts'
import { PinCache } from './pinCache.ts'
import { keptTemplates, type SessionTemplates, sessionTemplates } from './sessionTemplates.ts'

/**
 * What a token may do with a recording. A live seat reads the private material of the rounds
 * it interviewed; a replay link reads the public recording, plus the notes and scorecard of
 * its creator's rounds when it was created with them.
 */
export type RecordingAccess =
  | { kind: 'seat'; seat: Seat; privateOf: Seat | null }
  | { kind: 'replay'; privateOf: Seat | null; voices?: true }

const PUBLIC_EVENT_TYPES = new Set<string>(recordedEventTypes)
/** Events that say nothing of when people were at work: arrivals, departures, what the server wrote. */
const NOT_ACTIVITY = new Set<string>(['joined', 'left', 'created', 'template-kept'])
const PAGE = 10_000

/** What the recording service is built from: stored sessions, the templates and the deletion owner. */
export interface RecordingServiceOptions extends SessionDeps {
  templates: TemplateCatalog
  deletion: SessionDeletion
}

/**
 * Recordings of sessions: who may read one and what they see, replay links, the library's
 * summaries, and deleting a session with everything of it. Private material (notes, scores,
 * the rubric, cards never revealed) is put into a recording only for a token with that right;
 * everything else is public by construction, since only public event types are read.
 */
export class RecordingService {
  readonly #with: ReturnType<typeof withClock<RecordingServiceOptions>>
  readonly #pins: PinCache

  constructor(options: RecordingServiceOptions) {
    this.#with = withClock(options)
    this.#pins = new PinCache(options.storage)
    options.deletion.onDelete((sessionId) => this.#pins.forget(sessionId))
  }

  /**
   * What `token` may do with the recording of `sessionId`.
   *
   * @throws SessionError 401 for a token of no (or another) session, 403 for a seat that
   *   never interviewed (a candidate or an observer), 404 for no such session.
   */
  async access(sessionId: string, token: string | null): Promise<RecordingAccess> {
    const data = await this.#data(sessionId)
    const link = await checkRecordingLink(this.#with.sessions.links, sessionId, token, data, {
      notInterviewer: 'Only the interviewer can open the replay. Ask them for a replay link.',
    })
    if (link.kind === 'replay') return link
    const { seat } = link
    return {
      kind: 'seat',
      seat,
      privateOf: sessionTemplates(data, [], [], this.#with.templates).privateOf(seat),
    }
  }

  /** The recording of `sessionId` as `token` may read it: the whole archive. */
  async recording(sessionId: string, token: string | null): Promise<Recording> {
    const access = await this.access(sessionId, token)
    return this.#build(sessionId, access)
  }

  /**
   * The outline of the recording (everything but the board's bytes) as `token` may read it:
   * what a replay opens on before it fetches the checkpoint and log pages a seek needs.
   */
  async outline(sessionId: string, token: string | null): Promise<RecordingOutline> {
    const access = await this.access(sessionId, token)
    const [head, times, checkpoints] = await Promise.all([
      this.#head(sessionId, access),
      this.#with.storage.readLogTimes(sessionId),
      this.#with.storage.listCheckpoints(sessionId),
    ])
    return {
      ...head,
      log: { seq: times.map((t) => t.seq), at: times.map((t) => t.at) },
      checkpoints,
      pins: await this.#pins.pinsOf(sessionId, times.at(-1)?.seq ?? 0),
    }
  }

  /** Log entries of the recording with `seq > afterSeq`, at most `limit` (up to {@link maxLogPage}). */
  async logPage(
    sessionId: string,
    token: string | null,
    afterSeq: number,
    limit: number,
  ): Promise<ReplayLogEntry[]> {
    await this.access(sessionId, token)
    return this.#with.storage.readLog(sessionId, afterSeq, Math.min(limit, maxLogPage))
  }

  /**
   * The state of the checkpoint at exactly `seq`.
   *
   * @throws SessionError 404 when the recording has no checkpoint there.
   */
  async checkpoint(sessionId: string, token: string | null, seq: number): Promise<Uint8Array> {
    await this.access(sessionId, token)
    const checkpoint = await this.#with.storage.readCheckpoint(sessionId, seq)
    if (!checkpoint) throw new SessionError(404, `This recording has no checkpoint at update ${seq}.`)
    return checkpoint.state
  }

  /**
   * Revokes every replay link of the session: whoever has one can open nothing with it from
   * then on (the live links are untouched). Answers how many links were revoked.
   *
   * @throws SessionError 403 when `token` is itself a replay link.
   */
  async revokeReplayLinks(sessionId: string, token: string | null): Promise<number> {
    const access = await this.access(sessionId, token)
    if (access.kind !== 'seat') throw new SessionError(403, 'A replay link cannot revoke links.')
    return this.#with.sessions.links.revoke(sessionId, everyReplayLink, this.#with.now())
  }

  /**
   * Creates a replay link token: it opens the replay only (never the live session), with the
   * creator's notes and scorecard when `includePrivate`, with the recorded voices when
   * `options.includeVoices` (without, the link never gets audio or speech levels).
   *
   * @throws SessionError 403 when `token` is itself a replay link.
   */
  async createReplayToken(
    sessionId: string,
    token: string | null,
    includePrivate: boolean,
    options: { replace?: boolean; includeVoices?: boolean } = {},
  ): Promise<string> {
    const access = await this.access(sessionId, token)
    if (access.kind !== 'seat') throw new SessionError(403, 'A replay link cannot create other links.')
    const link: LinkKind = {
      kind: 'replay',
      privateOf: includePrivate ? access.privateOf : null,
      ...(options.includeVoices ? { voices: true as const } : {}),
    }
    // Replacing revokes the earlier links of the same kind (with or without the notes) at once.
    if (options.replace) return this.#with.sessions.links.replace(sessionId, link, this.#with.now())
    return this.#with.sessions.links.issue(sessionId, link)
  }

  /** The library's line for a session. */
  async summary(sessionId: string, token: string | null): Promise<SessionSummary> {
    await this.access(sessionId, token)
    const stored = await this.#with.storage.loadSession(sessionId)
    if (!stored) throw new SessionError(404, 'There is no such session.')
    const data = sessionDataSchema.parse(stored.data)
    // Times only: the library never needs the board's bytes.
    const [log, events] = await Promise.all([
      this.#with.storage.readLogTimes(sessionId),
      this.#with.sessions.events.read(sessionId),
    ])
    const activity = [
      ...log.map((entry) => entry.at),
      ...events.filter((e) => !NOT_ACTIVITY.has(e.type)).map((e) => e.at),
    ]
    const until = data.endedAt ?? this.#with.now()
    const templates = sessionTemplates(
      data,
      publicEvents(events),
      keptTemplates(events),
      this.#with.templates,
    )
    return {
      id: sessionId,
      title: templates.title,
      mode: data.mode,
      names: data.names,
      createdAt: stored.createdAt,
      endedAt: data.endedAt,
      clockMs: timerView(data.timer, until).sessionElapsedMs,
      activeFrom: activity.length > 0 ? activity.reduce((a, b) => Math.min(a, b)) : null,
      activeTo: activity.length > 0 ? activity.reduce((a, b) => Math.max(a, b)) : null,
      rounds: data.round,
      updates: log.length,
      imported: templates.imported,
    }
  }

  /**
   * Deletes a session and everything of it (document, tokens, events, notes, scores, board
   * log, snapshot, checkpoints). Open connections are closed first and the room refuses
   * clients from then on, so nothing is written back after the delete.
   *
   * @throws SessionError 403 unless `token` is the host's (the interviewer's) link.
   */
  async deleteSession(sessionId: string, token: string | null): Promise<void> {
    const access = await this.access(sessionId, token)
    if (access.kind !== 'seat' || access.seat !== 'host') {
      throw new SessionError(403, 'Only the interviewer link that created the session can delete it.')
    }
    await this.#with.deletion.delete(sessionId)
  }

  async #data(sessionId: string): Promise<SessionData> {
    const stored = await this.#with.storage.loadSession(sessionId)
    if (!stored) throw new SessionError(404, 'There is no such session.')
    return sessionDataSchema.parse(stored.data)
  }

  async #readLog(sessionId: string) {
    const log = []
    for (;;) {
      const page = await this.#with.storage.readLog(sessionId, log.at(-1)?.seq ?? 0, PAGE)
      log.push(...page)
      if (page.length < PAGE) return log
    }
  }

  async #build(sessionId: string, access: RecordingAccess): Promise<Recording> {
    const [head, log, checkpoints] = await Promise.all([
      this.#head(sessionId, access),
      this.#readLog(sessionId),
      this.#with.storage.readCheckpoints(sessionId),
    ])
    return {
      ...head,
      exportedAt: this.#with.now(),
      log: log.map((entry) => ({ seq: entry.seq, at: entry.at, author: entry.author, update: entry.update })),
      checkpoints: checkpoints.map((cp) => ({ seq: cp.seq, at: cp.at, state: cp.state })),
    }
  }

  /** Everything of a recording but the board: the session, its public events, the private part `access` may read. */
  async #head(
    sessionId: string,
    access: RecordingAccess,
  ): Promise<Omit<Recording, 'log' | 'checkpoints' | 'exportedAt'>> {
    const stored = await this.#with.storage.loadSession(sessionId)
    if (!stored) throw new SessionError(404, 'There is no such session.')
    const data = sessionDataSchema.parse(stored.data)
    const logged = await this.#with.sessions.events.read(sessionId)
    const recorded = publicEvents(logged)
    // The interviewer's own link gets the templates as kept (an archive that imports whole);
    // everyone else reads the guides by title, never by the files they are kept in.
    const ownLink = access.kind === 'seat' && access.privateOf !== null
    const events = ownLink ? recorded : recorded.map(eventWithSourceTitles)
    const templates = sessionTemplates(data, events, keptTemplates(logged), this.#with.templates)
    const used = ownLink ? templates.used : templates.used.map(withSourceTitles)
    const { privateOf } = access
    const rounds = privateOf
      ? await this.#privateRounds(sessionId, data.round, events, templates, privateOf)
      : []
    return {
      format: recordingFormat,
      version: recordingVersion,
      session: {
        id: sessionId,
        mode: data.mode,
        createdAt: stored.createdAt,
        endedAt: data.endedAt,
        names: data.names,
        templates: used,
        startTemplateId: templates.start.id,
      },
      events,
      private: privateOf
        ? {
            rounds,
            // Whole templates only for the interviewer's own link, only those of the rounds it
            // interviewed (a peer does not get the other's rubric), and no card never revealed.
            templates:
              access.kind === 'seat' ? templates.whole(new Set(rounds.map((r) => r.templateId))) : [],
          }
        : null,
    }
  }

  /** The private rounds `seat` interviewed: rubric, notes, scores. */
  async #privateRounds(
    sessionId: string,
    lastRound: number,
    events: RecordedEvent[],
    templates: SessionTemplates,
    seat: Seat,
  ): Promise<PrivateRound[]> {
    const rounds: PrivateRound[] = []
    for (let round = 1; round <= lastRound; round++) {
      const interviewer = SessionTimeline.interviewerOf(round)
      if (interviewer !== seat) continue
      const templateId = templateOfRound(events, round, templates.start.id)
      const [notes, scores] = await Promise.all([
        this.#with.storage.listNotes(sessionId, round),
        this.#with.storage.listScores(sessionId, round),
      ])
      rounds.push({ round, interviewer, templateId, rubric: templates.rubric(templateId), notes, scores })
    }
    return rounds
  }
}

/** The public events of a session's (checked) log: the kinds a recording carries. */
function publicEvents(events: LoggedSessionEvent[]): RecordedEvent[] {
  return events.filter((event): event is Extract<LoggedSessionEvent, RecordedEvent> =>
    PUBLIC_EVENT_TYPES.has(event.type),
  )
}

/** A public template with its guides named by title (see `sourceTitles`). */
function withSourceTitles(template: PublicTemplate): PublicTemplate {
  return { ...template, sources: sourceTitles(template.sources) }
}

/** An event with the template it carries (a session's start, a round's choice) titled the same way. */
function eventWithSourceTitles(event: RecordedEvent): RecordedEvent {
  if (event.type === 'created' && event.payload.template) {
    return { ...event, payload: { ...event.payload, template: withSourceTitles(event.payload.template) } }
  }
  if (event.type === 'template' && event.payload.template) {
    return { ...event, payload: { ...event.payload, template: withSourceTitles(event.payload.template) } }
  }
  return event
}

/** The template of `round`: the last one chosen in it, else the one the round before ended with. */
function templateOfRound(events: RecordedEvent[], round: number, startId: string): string {
  let current = startId
  for (const event of events) {
    if (event.type === 'template' && event.payload.round <= round) current = event.payload.templateId
  }
  return current
}
