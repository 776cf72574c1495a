import { createHash, randomUUID } from 'node:crypto'
import {
  type Ack,
  applyTimerEvent,
  type ClientEventName,
  type ClientEventPayload,
  ControlEvent,
  type CreateSessionRequest,
  type CreateSessionResponse,
  type Gathered,
  initialTimerState,
  type PrivateState,
  type RevealedItem,
  type Role,
  roleOfSeat,
  type Seat,
  type SessionState,
  seatSchema,
  sessionLink,
  type Template,
  type TemplateStart,
  timerView,
  verdictKey,
  verdictToScore,
} from '@roofline/shared'
import { sourceTitles } from '@roofline/templates'
import { StatusError } from '../statusError.ts'
import type { Storage } from '../storage/storage.ts'
import { type SessionData, sessionDataSchema } from './sessionRecord.ts'
import type { TemplateCatalog } from './templateCatalog.ts'
import { hashToken, newSessionId, newToken } from './tokens.ts'

/** Why a session request was refused; `status` is the HTTP status that fits. */
export class SessionError extends StatusError {
  override name = 'SessionError'
}

/** What changed in a session, so the control plane knows whom to tell. */
export interface SessionChange {
  sessionId: string
  /** The public state changed: everyone gets it again. */
  publicState: boolean
  /** The interviewer's private state changed (or who the interviewer is). */
  privateState: boolean
  /** Roles moved (peer swap) or the session ended: board permissions must follow. */
  permissions: boolean
  /** A seat's link was replaced: its open connections must close. */
  revokedSeat?: Seat
  /** The session was deleted: every connection must close. */
  deleted?: boolean
  /**
   * Another server process made the change (and told its sockets, wherever they are); this
   * process only brings its own state in step: its cache and its board connections.
   */
  remote?: boolean
}

interface LiveSession {
  id: string
  createdAt: number
  data: SessionData
  /** The stored version `data` was read at: a save succeeds only over this one. */
  version: number
  /** Serialises commands, so two at the same instant never interleave their read-modify-write. */
  queue: Promise<unknown>
  /** Control connections of this process to the session; at zero the session leaves the cache. */
  holders: number
}

/**
 * What a recording keeps of a template: what every participant could read, so a replay can
 * show the prompt of each round even after the template is edited or removed.
 */
function publicTemplate(template: Template) {
  return {
    id: template.id,
    title: template.title,
    prompt: template.prompt,
    sources: template.sources,
    phases: template.phases,
  }
}

/**
 * The key a session's public state names its template by: the same for every seat, changes
 * with the template, and does not give the template's id (its file name) away.
 */
export function templateKey(sessionId: string, templateId: string): string {
  return createHash('sha256').update(`${sessionId}\0${templateId}`).digest('base64url').slice(0, 16)
}

/** A command's outcome before it becomes an acknowledgement. */
type Outcome<T = undefined> = {
  value: T
  change: Omit<SessionChange, 'sessionId'>
  event?: { type: string; payload: unknown }
}

const NONE = { publicState: false, privateState: false, permissions: false }

/** How long a session that no control connection holds stays cached after it was loaded. */
const UNHELD_CACHE_MS = 30_000
/** Read-modify-write rounds a command gets when other processes keep saving the session first. */
const MAX_SAVE_ATTEMPTS = 5

/**
 * Sessions: creation, link tokens, roles, and every control command (timer, reveals, swap,
 * end, notes, scores). Commands are checked against the caller's current role, applied,
 * stored, and recorded as control events; listeners hear what changed.
 *
 * Storage is the authority: with several server processes another one may have changed the
 * session a moment ago, so every command re-reads the stored session before it applies, and
 * a change another process reports (`applyRemoteChange`) refreshes the cached copy. A session
 * stays cached only while a control connection of this process holds it (`hold`).
 */
export class SessionService {
  readonly #storage: Storage
  readonly #templates: TemplateCatalog
  readonly #now: () => number
  readonly #live = new Map<string, Promise<LiveSession | null>>()
  readonly #listeners = new Set<(change: SessionChange) => void>()

  constructor(options: { storage: Storage; templates: TemplateCatalog; now?: () => number }) {
    this.#storage = options.storage
    this.#templates = options.templates
    this.#now = options.now ?? Date.now
  }

  /** The template catalog sessions draw from. */
  get templates(): TemplateCatalog {
    return this.#templates
  }

  /** Tells `listener` of every change; returns a function that stops it. */
  onChange(listener: (change: SessionChange) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Creates a session and its three links. Each link carries a fresh 256-bit token in its
   * fragment; only the tokens' hashes are stored.
   *
   * @throws SessionError 400 for an unknown template.
   */
  async create(request: CreateSessionRequest, origin: string): Promise<CreateSessionResponse> {
    const templateId = request.templateId ?? this.#templates.defaultId
    const template = this.#templates.get(templateId)
    if (!template) throw new SessionError(400, `There is no template "${templateId}".`)
    const id = newSessionId()
    const now = this.#now()
    const data: SessionData = {
      version: 1,
      mode: request.mode,
      template,
      names: {
        host: request.names.interviewer ?? (request.mode === 'peer' ? 'Peer A' : 'Interviewer'),
        guest: request.names.candidate ?? (request.mode === 'peer' ? 'Peer B' : 'Candidate'),
      },
      timer: initialTimerState(template.phases),
      round: 1,
      swapped: false,
      revealed: [],
      endedAt: null,
    }
    const tokens = { host: newToken(), guest: newToken(), observer: newToken() }
    await this.#storage.createSession(
      { id, createdAt: now, data },
      (Object.keys(tokens) as Seat[]).map((seat) => ({
        hash: hashToken(tokens[seat]),
        sessionId: id,
        seat,
        revokedAt: null,
      })),
    )
    await this.#storage.appendSessionEvent(id, {
      at: now,
      type: 'created',
      actor: 'server',
      payload: { templateId, mode: request.mode, names: data.names, template: publicTemplate(template) },
    })
    return {
      id,
      links: {
        interviewer: sessionLink(origin, id, tokens.host),
        candidate: sessionLink(origin, id, tokens.guest),
        observer: sessionLink(origin, id, tokens.observer),
      },
    }
  }

  /** Whether `id` names a session (as opposed to a scratch board). */
  async exists(id: string): Promise<boolean> {
    return (await this.#session(id)) !== null
  }

  /**
   * The seat a token opens in session `sessionId`.
   * @throws SessionError 401 for a missing, wrong, revoked or other session's token.
   */
  async authenticate(sessionId: string, token: string | null | undefined): Promise<Seat> {
    if (!token)
      throw new SessionError(401, 'This link has no access token. Ask the interviewer for your link.')
    const stored = await this.#storage.findToken(hashToken(token))
    if (!stored || stored.sessionId !== sessionId) {
      throw new SessionError(
        401,
        'This link is not valid for this session. Ask the interviewer for your link.',
      )
    }
    if (stored.revokedAt !== null) {
      throw new SessionError(
        401,
        'This link was replaced by a new one. Ask the interviewer for the new link.',
      )
    }
    const seat = seatSchema.safeParse(stored.seat)
    if (!seat.success) {
      throw new SessionError(
        401,
        'This is a replay link: it opens the replay of this session, not the session.',
      )
    }
    return seat.data
  }

  /**
   * Forgets a deleted session: its cached state goes, and every control connection to it is
   * closed (listeners hear `deleted`). Storage is the caller's business.
   */
  forget(sessionId: string): void {
    this.#live.delete(sessionId)
    this.#emit({ sessionId, ...NONE, deleted: true })
  }

  /**
   * Keeps the session cached while a control connection of this process is open to it; call
   * the returned function when it closes. The last one out evicts it (once its queued commands ran).
   */
  async hold(sessionId: string): Promise<() => void> {
    const live = this.#session(sessionId)
    const session = await live
    if (!session) return () => {}
    session.holders++
    let released = false
    return () => {
      if (released) return
      released = true
      session.holders--
      this.#evictIfIdle(sessionId, live)
    }
  }

  /** Drops the cached session if no connection holds it, once its queued commands ran. */
  #evictIfIdle(id: string, live: Promise<LiveSession | null>): void {
    void live.then(
      (session) => {
        if (!session || session.holders > 0) return
        const queued = session.queue
        void queued.then(() => {
          // Only if nothing was queued or held since, and the entry is still this one.
          if (session.holders === 0 && session.queue === queued && this.#live.get(id) === live) {
            this.#live.delete(id)
          }
        })
      },
      () => {
        // A load that failed (storage down) is not kept: the next request tries again.
        if (this.#live.get(id) === live) this.#live.delete(id)
      },
    )
  }

  /** Number of sessions cached in memory. */
  get cachedSessionCount(): number {
    return this.#live.size
  }

  /**
   * Another process changed the session (`change.remote`): the cached copy is re-read from
   * storage (after any command queued here), then listeners hear the change.
   */
  async applyRemoteChange(change: SessionChange): Promise<void> {
    const live = this.#live.get(change.sessionId)
    if (change.deleted) {
      this.#live.delete(change.sessionId)
    } else if (live) {
      const session = await live
      if (session) {
        const refresh = session.queue.then(() => this.#reload(session))
        session.queue = refresh.catch(() => {})
        await refresh
      }
    }
    this.#emit({ ...change, remote: true })
  }

  /** The current role of `seat` in the session. */
  async roleOf(sessionId: string, seat: Seat): Promise<Role> {
    const session = await this.#require(sessionId)
    return roleOfSeat(seat, session.data.swapped)
  }

  /** Whether `seat` may draw on the board now: not an observer, and the session has not ended. */
  async canDraw(sessionId: string, seat: Seat): Promise<boolean> {
    const session = await this.#require(sessionId)
    return seat !== 'observer' && session.data.endedAt === null
  }

  /** The public state as `seat` sees it. `connected` lists the seats with a live connection. */
  async publicState(sessionId: string, seat: Seat, connected: ReadonlySet<Seat>): Promise<SessionState> {
    const { id, data } = await this.#require(sessionId)
    // Observers are listed only while one is connected: they are guests, not participants.
    const seats: Seat[] = connected.has('observer') ? ['host', 'guest', 'observer'] : ['host', 'guest']
    return {
      id,
      mode: data.mode,
      templateKey: templateKey(id, data.template.id),
      title: data.template.title,
      prompt: data.template.prompt,
      // Guides by title: a participant reads the title, never the file it is kept in.
      sources: sourceTitles(data.template.sources),
      timer: data.timer,
      round: data.round,
      swapped: data.swapped,
      participants: seats.map((s) => ({
        seat: s,
        role: roleOfSeat(s, data.swapped),
        name: s === 'observer' ? 'Observer' : data.names[s],
        connected: connected.has(s),
      })),
      revealed: data.revealed,
      examplesAllowed: data.examplesAllowed ?? false,
      endedAt: data.endedAt,
      you: { seat, role: roleOfSeat(seat, data.swapped) },
      serverNow: this.#now(),
    }
  }

  /**
   * What the session's board starts with (presets, starter diagram; public), for any of its
   * links. The template is named by its key, not its id.
   *
   * @throws SessionError 401 for a missing or wrong token.
   */
  async templateStart(sessionId: string, token: string | null): Promise<TemplateStart> {
    await this.authenticate(sessionId, token)
    const { data } = await this.#require(sessionId)
    return {
      templateId: templateKey(sessionId, data.template.id),
      presets: data.template.presets,
      starterDiagram: data.template.starterDiagram ?? [],
    }
  }

  /**
   * The whole template (hidden material included) of the session `token` interviews in now,
   * or null when `token` is the link of a seat that does not interview now (a candidate's, an
   * observer's, a replay link).
   *
   * @throws SessionError 401 for a token of no session, or a replaced one.
   */
  async interviewerTemplate(token: string): Promise<Template | null> {
    const stored = await this.#storage.findToken(hashToken(token))
    if (!stored || stored.revokedAt !== null) throw new SessionError(401, 'This link is not valid.')
    const seat = seatSchema.safeParse(stored.seat)
    if (!seat.success) return null
    const session = await this.#session(stored.sessionId)
    if (!session || roleOfSeat(seat.data, session.data.swapped) !== 'interviewer') return null
    return session.data.template
  }

  /**
   * The interviewer's private state, or null when `seat` is not the interviewer now. This is
   * the only way hidden material, notes and scores leave the server.
   */
  async privateState(sessionId: string, seat: Seat): Promise<PrivateState | null> {
    const { data } = await this.#require(sessionId)
    if (roleOfSeat(seat, data.swapped) !== 'interviewer') return null
    const revealed = new Set(data.revealed.map((item) => item.id))
    const [notes, scores] = await Promise.all([
      this.#storage.listNotes(sessionId, data.round),
      this.#storage.listScores(sessionId, data.round),
    ])
    return {
      round: data.round,
      clarifyingQuestions: data.template.clarifyingQuestions.map((q) => ({
        ...q,
        revealed: revealed.has(q.id),
      })),
      cards: data.template.cards.map((card) => ({ ...card, revealed: revealed.has(card.id) })),
      rubric: data.template.rubric,
      checks: data.template.checks,
      notes,
      scores,
    }
  }

  /** Records that a seat joined or left (for the recording and the presence list). */
  async recordPresence(sessionId: string, seat: Seat, type: 'joined' | 'left'): Promise<void> {
    await this.#storage.appendSessionEvent(sessionId, { at: this.#now(), type, actor: seat, payload: {} })
  }

  /**
   * Runs one control command from `seat`. The payload must already match the event's schema.
   * Refusals (wrong role, wrong moment, unknown item) come back as `{ok: false, error}` and
   * change nothing.
   */
  async command<E extends Exclude<ClientEventName, typeof ControlEvent.clockPing>>(
    sessionId: string,
    seat: Seat,
    event: E,
    payload: ClientEventPayload<E>,
  ): Promise<Ack<unknown>> {
    const session = await this.#require(sessionId)
    const run = session.queue.then(async (): Promise<Ack<unknown>> => {
      for (let attempt = 1; ; attempt++) {
        const done = await this.#attempt(session, seat, event, payload)
        if (done !== 'conflict') return done
        // Another process saved the session between this one's read and write: read it
        // again and redo the command on what it stored (a data-changing command has no
        // other effect, so running it again is safe).
        if (attempt === MAX_SAVE_ATTEMPTS)
          return { ok: false, error: 'The session is busy with other changes; try again.' }
      }
    })
    session.queue = run.catch(() => {})
    return run
  }

  /** One read-modify-write of `command`; 'conflict' when another writer saved first. */
  async #attempt<E extends Exclude<ClientEventName, typeof ControlEvent.clockPing>>(
    session: LiveSession,
    seat: Seat,
    event: E,
    payload: ClientEventPayload<E>,
  ): Promise<Ack<unknown> | 'conflict'> {
    await this.#reload(session)
    const role = roleOfSeat(seat, session.data.swapped)
    if (role !== 'interviewer') {
      return { ok: false, error: `Only the interviewer can do that; you are the ${role}.` }
    }
    if (session.data.endedAt !== null) return { ok: false, error: 'This session has ended.' }
    const draft: SessionData = structuredClone(session.data)
    let outcome: Outcome<unknown>
    try {
      outcome = await this.#apply(session, draft, event, payload as never)
    } catch (error) {
      if (error instanceof SessionError) return { ok: false, error: error.message }
      throw error
    }
    if (outcome.change.publicState || outcome.change.permissions) {
      const stored = { id: session.id, createdAt: session.createdAt, data: draft }
      if (!(await this.#storage.saveSession(stored, session.version))) return 'conflict'
      session.data = draft
      session.version += 1
    }
    if (outcome.event) {
      await this.#storage.appendSessionEvent(session.id, {
        at: this.#now(),
        type: outcome.event.type,
        actor: role,
        payload: outcome.event.payload,
      })
    }
    this.#emit({ sessionId: session.id, ...outcome.change })
    return { ok: true, value: outcome.value }
  }

  /** Applies one command to `draft`; throws SessionError to refuse. */
  async #apply(
    session: LiveSession,
    draft: SessionData,
    event: Exclude<ClientEventName, typeof ControlEvent.clockPing>,
    payload: never,
  ): Promise<Outcome<unknown>> {
    const now = this.#now()
    switch (event) {
      case ControlEvent.timerCommand: {
        const command = payload as ClientEventPayload<typeof ControlEvent.timerCommand>
        const result = applyTimerEvent(
          draft.timer,
          { command: command.command, minutes: command.minutes },
          now,
        )
        if (!result.ok) throw new SessionError(409, result.error)
        draft.timer = result.state
        return {
          value: undefined,
          change: { ...NONE, publicState: true },
          event: { type: 'timer', payload: { ...command, timer: result.state } },
        }
      }
      case ControlEvent.reveal: {
        const { itemId } = payload as ClientEventPayload<typeof ControlEvent.reveal>
        const item = this.#revealable(draft, itemId, now)
        if (draft.revealed.some((revealed) => revealed.id === itemId)) {
          throw new SessionError(409, 'That is already revealed.')
        }
        draft.revealed.push(item)
        return {
          value: item,
          change: { ...NONE, publicState: true, privateState: true },
          event: { type: 'reveal', payload: item },
        }
      }
      case ControlEvent.swapRoles: {
        if (draft.mode !== 'peer') throw new SessionError(409, 'Roles can be swapped only in a peer session.')
        draft.swapped = !draft.swapped
        draft.round += 1
        draft.revealed = []
        // The new interviewer decides about examples for their own candidate.
        draft.examplesAllowed = false
        // The round's timer stops and the next round starts from its first phase, when the new
        // interviewer presses Start (the swap's confirmation says so).
        draft.timer = initialTimerState(draft.template.phases)
        return {
          value: undefined,
          change: { publicState: true, privateState: true, permissions: true },
          event: { type: 'swap', payload: { round: draft.round, swapped: draft.swapped } },
        }
      }
      case ControlEvent.chooseTemplate: {
        const { templateId } = payload as ClientEventPayload<typeof ControlEvent.chooseTemplate>
        if (draft.mode !== 'peer')
          throw new SessionError(409, 'The template can be changed only in a peer session.')
        if (draft.timer.status !== 'idle') {
          throw new SessionError(409, 'Pick the template before the timer starts (reset the timer first).')
        }
        const template = this.#templates.get(templateId)
        if (!template) throw new SessionError(404, `There is no template "${templateId}".`)
        draft.template = template
        draft.revealed = []
        draft.timer = initialTimerState(template.phases)
        return {
          value: undefined,
          change: { ...NONE, publicState: true, privateState: true },
          event: {
            type: 'template',
            payload: { templateId, round: draft.round, template: publicTemplate(template) },
          },
        }
      }
      case ControlEvent.allowExamples: {
        const { allowed } = payload as ClientEventPayload<typeof ControlEvent.allowExamples>
        draft.examplesAllowed = allowed
        return { value: undefined, change: { ...NONE, publicState: true } }
      }
      case ControlEvent.end: {
        const stopped = applyTimerEvent(draft.timer, { command: 'stop' }, now)
        if (stopped.ok) draft.timer = stopped.state
        draft.endedAt = now
        return {
          value: undefined,
          change: { publicState: true, privateState: false, permissions: true },
          event: { type: 'ended', payload: { timer: draft.timer } },
        }
      }
      case ControlEvent.addNote: {
        const { text } = payload as ClientEventPayload<typeof ControlEvent.addNote>
        const note = {
          id: randomUUID(),
          at: now,
          sessionClockMs: timerView(draft.timer, now).sessionElapsedMs,
          round: draft.round,
          text,
        }
        await this.#storage.addNote(session.id, note)
        return { value: note, change: { ...NONE, privateState: true } }
      }
      case ControlEvent.rotateLink: {
        const { seat } = payload as ClientEventPayload<typeof ControlEvent.rotateLink>
        if (seat === 'host' && !draft.swapped) throw new SessionError(409, 'You cannot revoke your own link.')
        if (seat === 'guest' && draft.swapped) throw new SessionError(409, 'You cannot revoke your own link.')
        const token = newToken()
        await this.#storage.replaceToken(
          session.id,
          seat,
          { hash: hashToken(token), sessionId: session.id, seat, revokedAt: null },
          now,
        )
        return {
          // The interviewer's browser builds the link on its own origin; the token leaves only in this ack.
          value: { seat, token },
          change: { ...NONE, revokedSeat: seat },
          event: { type: 'link-rotated', payload: { seat } },
        }
      }
      case ControlEvent.setScore: {
        const { criterionId, score, comment } = payload as ClientEventPayload<typeof ControlEvent.setScore>
        if (!draft.template.rubric.some((item) => item.id === criterionId)) {
          throw new SessionError(404, `The rubric has no criterion "${criterionId}".`)
        }
        await this.#storage.setScore(session.id, draft.round, criterionId, { score, comment, at: now })
        return { value: undefined, change: { ...NONE, privateState: true } }
      }
      case ControlEvent.gather: {
        // Nothing to store: the control socket passes the announcement to the others.
        const { boardUserId } = payload as ClientEventPayload<typeof ControlEvent.gather>
        // Only the interviewer gets this far: the sender is the seat that interviews now.
        const byName = draft.names[draft.swapped ? 'guest' : 'host']
        return { value: { byName, boardUserId } satisfies Gathered, change: NONE }
      }
      case ControlEvent.setVerdict: {
        const verdict = payload as ClientEventPayload<typeof ControlEvent.setVerdict>
        await this.#storage.setScore(session.id, draft.round, verdictKey, verdictToScore(verdict, now))
        return { value: undefined, change: { ...NONE, privateState: true } }
      }
    }
  }

  #revealable(data: SessionData, itemId: string, now: number): RevealedItem {
    const base = {
      revealedAt: now,
      sessionClockMs: timerView(data.timer, now).sessionElapsedMs,
      round: data.round,
    }
    const card = data.template.cards.find((c) => c.id === itemId)
    if (card) return { id: card.id, kind: card.kind, title: card.title, body: card.body, ...base }
    const question = data.template.clarifyingQuestions.find((q) => q.id === itemId)
    if (question)
      return { id: question.id, kind: 'answer', title: question.question, body: question.answer, ...base }
    throw new SessionError(404, `This session's template has no card "${itemId}".`)
  }

  #emit(change: SessionChange): void {
    if (
      !change.publicState &&
      !change.privateState &&
      !change.permissions &&
      !change.revokedSeat &&
      !change.deleted
    )
      return
    for (const listener of this.#listeners) listener(change)
  }

  async #require(id: string): Promise<LiveSession> {
    const session = await this.#session(id)
    if (!session) throw new SessionError(404, 'There is no such session.')
    return session
  }

  #session(id: string): Promise<LiveSession | null> {
    let live = this.#live.get(id)
    if (!live) {
      live = this.#load(id)
      // Unknown ids are not cached: a flood of made-up ids must not fill memory.
      const loaded = live
      void live.then((found) => {
        if (!found) this.#live.delete(id)
      })
      this.#live.set(id, live)
      // Loaded for a board connection or an HTTP request and never held: it goes a while later.
      setTimeout(() => this.#evictIfIdle(id, loaded), UNHELD_CACHE_MS).unref()
    }
    return live
  }

  async #load(id: string): Promise<LiveSession | null> {
    const stored = await this.#storage.loadSession(id)
    if (!stored) return null
    const data = sessionDataSchema.parse(stored.data)
    return {
      id,
      createdAt: stored.createdAt,
      data,
      version: stored.version,
      queue: Promise.resolve(),
      holders: 0,
    }
  }

  /** Re-reads the stored session into `session` (another process may have changed it). */
  async #reload(session: LiveSession): Promise<void> {
    const stored = await this.#storage.loadSession(session.id)
    if (!stored) throw new SessionError(404, 'There is no such session.')
    session.data = sessionDataSchema.parse(stored.data)
    session.version = stored.version
  }
}
