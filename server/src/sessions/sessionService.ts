import {
  type Ack,
  type ClientEventPayload,
  type CreateSessionRequest,
  type CreateSessionResponse,
  initialTimerState,
  type PrivateState,
  type Role,
  roleOfSeat,
  type Seat,
  type SessionState,
  sessionLink,
  type Template,
  type TemplateStart,
} from '@roofline/shared'
import {
  applySessionCommand,
  publicTemplate,
  type SessionChangeFlags,
  type SessionCommandType,
  type SessionData,
  sessionCommandSchema,
} from '@roofline/shared/session'
import { LinkTokens } from '../links/linkTokens.ts'
import { newSessionId } from '../links/tokens.ts'
import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import { SessionError } from '../sessionError.ts'
import type { Storage } from '../storage/storage.ts'
import { runSessionEffect } from './sessionEffects.ts'
import { SessionEventLog } from './sessionEventLog.ts'
import { SessionStore } from './sessionStore.ts'
import { privateView, publicView, startView } from './sessionViews.ts'
import type { TemplateCatalog } from './templateCatalog.ts'

export { SessionError } from '../sessionError.ts'
export { templateKey } from './sessionViews.ts'

/** What changed in a session, so the control plane knows whom to tell. */
export interface SessionChange extends SessionChangeFlags {
  sessionId: string
  /** The session was deleted: every connection must close. */
  deleted?: boolean
  /**
   * Another server process made the change (and told its sockets, wherever they are); this
   * process only brings its own state in step: its cache and its board connections.
   */
  remote?: boolean
}

const NONE = { publicState: false, privateState: false, permissions: false }

/**
 * Sessions: creation, link tokens, roles, and every control command (timer, reveals, swap,
 * end, notes, scores). A command is decided by the pure `applySessionCommand`, saved by the
 * {@link SessionStore} (compare-and-set against other processes), then its effects run and
 * its events are recorded; listeners hear what changed.
 */
export class SessionService {
  readonly #storage: Storage
  readonly #templates: TemplateCatalog
  readonly #now: () => number
  readonly #store: SessionStore
  /** The sessions' link tokens: the one check, issuing and replacing them. */
  readonly links: LinkTokens
  readonly #listeners = new Set<(change: SessionChange) => void>()
  /** The sessions' typed event log (shared with the recordings, which read it). */
  readonly events: SessionEventLog

  constructor(options: {
    storage: Storage
    templates: TemplateCatalog
    now?: () => number
    logger?: Pick<RoomLogger, 'warn'>
  }) {
    this.#storage = options.storage
    this.#templates = options.templates
    this.#now = options.now ?? Date.now
    this.#store = new SessionStore(options.storage)
    this.links = new LinkTokens(options.storage)
    this.events = new SessionEventLog(options.storage, options.logger)
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
    const [host, guest, observer] = (['host', 'guest', 'observer'] as const).map((seat) =>
      this.links.mint(id, { kind: 'seat', seat }),
    ) as [Minted, Minted, Minted]
    await this.#storage.createSession({ id, createdAt: now, data }, [
      host.stored,
      guest.stored,
      observer.stored,
    ])
    await this.events.append(id, {
      at: now,
      type: 'created',
      actor: 'server',
      payload: { templateId, mode: request.mode, names: data.names, template: publicTemplate(template) },
    })
    // The whole template as the session starts on it: its recording never reads the catalog.
    await this.events.append(id, {
      at: now,
      type: 'template-kept',
      actor: 'server',
      payload: { whole: template },
    })
    return {
      id,
      links: {
        interviewer: sessionLink(origin, id, host.token),
        candidate: sessionLink(origin, id, guest.token),
        observer: sessionLink(origin, id, observer.token),
      },
    }
  }

  /** Whether `id` names a session (as opposed to a scratch board). */
  async exists(id: string): Promise<boolean> {
    return (await this.#store.get(id)) !== null
  }

  /**
   * The seat a token opens in session `sessionId`.
   * @throws SessionError 401 for a missing, wrong, revoked or other session's token.
   */
  async authenticate(sessionId: string, token: string | null | undefined): Promise<Seat> {
    const link = await this.links.check(sessionId, token, 'session')
    if (link.kind !== 'seat') {
      throw new SessionError(
        401,
        'This is a replay link: it opens the replay of this session, not the session.',
      )
    }
    return link.seat
  }

  /**
   * Forgets a deleted session: its cached state goes, and every control connection to it is
   * closed (listeners hear `deleted`). Storage is the caller's business.
   */
  forget(sessionId: string): void {
    this.#store.forget(sessionId)
    this.#emit({ sessionId, ...NONE, deleted: true })
  }

  /**
   * Keeps the session cached while a control connection of this process is open to it; call
   * the returned function when it closes. The last one out evicts it (once its queued commands ran).
   */
  hold(sessionId: string): Promise<() => void> {
    return this.#store.hold(sessionId)
  }

  /** Number of sessions cached in memory. */
  get cachedSessionCount(): number {
    return this.#store.cachedCount
  }

  /**
   * Another process changed the session (`change.remote`): the cached copy is re-read from
   * storage (after any command queued here), then listeners hear the change.
   */
  async applyRemoteChange(change: SessionChange): Promise<void> {
    if (change.deleted) this.#store.forget(change.sessionId)
    else await this.#store.refresh(change.sessionId)
    this.#emit({ ...change, remote: true })
  }

  /**
   * The session's state as stored (cached; another process's changes reach the cache through
   * the cluster bus).
   *
   * @throws SessionError 404 for no such session.
   */
  async data(sessionId: string): Promise<SessionData> {
    return (await this.#store.require(sessionId)).data
  }

  /** The current role of `seat` in the session. */
  async roleOf(sessionId: string, seat: Seat): Promise<Role> {
    const session = await this.#store.require(sessionId)
    return roleOfSeat(seat, session.data.swapped)
  }

  /** Whether the interviewer lets the candidate insert example diagrams now. */
  async examplesAllowed(sessionId: string): Promise<boolean> {
    const session = await this.#store.require(sessionId)
    return session.data.examplesAllowed === true
  }

  /** Whether `seat` may draw on the board now: not an observer, and the session has not ended. */
  async canDraw(sessionId: string, seat: Seat): Promise<boolean> {
    const session = await this.#store.require(sessionId)
    return seat !== 'observer' && session.data.endedAt === null
  }

  /** The public state as `seat` sees it. `connected` lists the seats with a live connection. */
  async publicState(sessionId: string, seat: Seat, connected: ReadonlySet<Seat>): Promise<SessionState> {
    const { id, data } = await this.#store.require(sessionId)
    return publicView(id, data, seat, connected, this.#now())
  }

  /**
   * What the session's board starts with (presets, starter diagram; public), for any of its
   * links. The template is named by its key, not its id.
   *
   * @throws SessionError 401 for a missing or wrong token.
   */
  async templateStart(sessionId: string, token: string | null): Promise<TemplateStart> {
    await this.authenticate(sessionId, token)
    const { data } = await this.#store.require(sessionId)
    return startView(sessionId, data)
  }

  /**
   * The whole template (hidden material included) of the session `token` interviews in now,
   * or null when `token` is the link of a seat that does not interview now (a candidate's, an
   * observer's, a replay link).
   *
   * @throws SessionError 401 for a token of no session, or a replaced one.
   */
  async interviewerTemplate(token: string): Promise<Template | null> {
    const found = await this.links.find(token)
    if (!found) throw new SessionError(401, 'This link is not valid.')
    if (found.link.kind !== 'seat') return null
    const session = await this.#store.get(found.sessionId)
    if (!session || roleOfSeat(found.link.seat, session.data.swapped) !== 'interviewer') return null
    return session.data.template
  }

  /**
   * The interviewer's private state, or null when `seat` is not the interviewer now. This is
   * the only way hidden material, notes and scores leave the server.
   */
  async privateState(sessionId: string, seat: Seat): Promise<PrivateState | null> {
    const { data } = await this.#store.require(sessionId)
    if (roleOfSeat(seat, data.swapped) !== 'interviewer') return null
    const [notes, scores] = await Promise.all([
      this.#storage.listNotes(sessionId, data.round),
      this.#storage.listScores(sessionId, data.round),
    ])
    return privateView(data, notes, scores)
  }

  /** Records that a seat joined or left (for the recording and the presence list). */
  async recordPresence(sessionId: string, seat: Seat, type: 'joined' | 'left'): Promise<void> {
    await this.events.append(sessionId, { at: this.#now(), type, actor: seat, payload: {} })
  }

  /**
   * Runs one control command from `seat`. The payload must already match the event's schema.
   * Refusals (wrong role, wrong moment, unknown item) come back as `{ok: false, error}` and
   * change nothing. The command is decided by `applySessionCommand` on the stored state; only
   * once its state is saved do its effects run and its events get recorded (see
   * {@link SessionStore.update} for why that makes a retried save safe).
   */
  async command<E extends SessionCommandType>(
    sessionId: string,
    seat: Seat,
    event: E,
    payload: ClientEventPayload<E>,
  ): Promise<Ack<unknown>> {
    const command = sessionCommandSchema.parse({ type: event, payload })
    const lookup = (id: string) => this.#templates.get(id)
    let now = 0
    return this.#store.update(
      sessionId,
      (data) => {
        now = this.#now()
        return applySessionCommand(data, seat, command, now, lookup)
      },
      async (step): Promise<Ack<unknown>> => {
        let value = step.value
        for (const effect of step.effects) {
          const done = await runSessionEffect(this.#storage, this.links, sessionId, effect, now)
          if (done) value = done.value
        }
        for (const recorded of step.events) await this.events.append(sessionId, recorded)
        this.#emit({ sessionId, ...step.change })
        return { ok: true, value }
      },
    )
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
}

/** A freshly minted link: its token (for the answer) and what storage keeps. */
type Minted = ReturnType<LinkTokens['mint']>
