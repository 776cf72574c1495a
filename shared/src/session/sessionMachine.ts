import type { Template } from '../template/templateSchema.ts'
import { applyTimerEvent, initialTimerState, timerView } from '../timer/timerMachine.ts'
import { ControlEvent, type Gathered, type Note, type RevealedItem } from './controlEvents.ts'
import { roleOfSeat, type Seat } from './roles.ts'
import type { Score } from './score.ts'
import type { SessionCommand } from './sessionCommand.ts'
import type { SessionData } from './sessionData.ts'
import { publicTemplate, type StoredSessionEvent } from './sessionEvents.ts'
import { verdictKey, verdictToScore } from './verdict.ts'
import { requestRecording } from './voiceConsent.ts'
import { initialVoiceState } from './voiceEvents.ts'

/**
 * The session as a pure state machine, like the timer's: {@link applySessionCommand} takes
 * the stored state, the seat that asked and a checked command, and answers the next state,
 * the events to record and the effects to run, or a refusal. It reads no clock (the caller
 * passes `now`), writes nothing and draws no random numbers, so the server can run it again
 * on a fresher state as often as a compare-and-set save needs.
 */

/**
 * Something a command does beyond the session's own state, described for the server to carry
 * out once the state is saved: rows of their own (notes, scores) and link tokens.
 */
export type SessionEffect =
  /** Store a private note (the server gives it its id). */
  | { kind: 'add-note'; note: Omit<Note, 'id'> }
  /** Store one rubric criterion's score for `round`. */
  | { kind: 'set-score'; round: number; criterionId: string; score: Score }
  /** Replace `seat`'s link with a fresh token, revoking the old one. */
  | { kind: 'replace-token'; seat: Seat }

/** Whom a change concerns, so the control plane knows whom to tell. */
export interface SessionChangeFlags {
  /** The public state changed: everyone gets it again. */
  publicState: boolean
  /** The interviewer's private state changed (or who the interviewer is). */
  privateState: boolean
  /** Roles moved (peer swap) or the session ended: board permissions must follow. */
  permissions: boolean
  /** A seat's link was replaced: its open connections must close. */
  revokedSeat?: Seat
}

/** A command's outcome: a refusal that changes nothing, or what to save, record and do. */
export type SessionStep =
  | { ok: false; error: string }
  | {
      ok: true
      /** The next state; the very object passed in when the command does not change it (nothing to save). */
      state: SessionData
      /** Events to record, in order, once the state is saved. */
      events: StoredSessionEvent[]
      /** Effects to run, in order, once the state is saved. */
      effects: SessionEffect[]
      /** What the acknowledgement carries (an effect may supply it instead: a note, a new link). */
      value: unknown
      change: SessionChangeFlags
    }

/** Finds a template of the catalog by id (for a peer's template choice). */
export type TemplateLookup = (id: string) => Template | undefined

const NONE: SessionChangeFlags = { publicState: false, privateState: false, permissions: false }

/**
 * Applies `command` from `seat` to `state` at `now` (the server's clock). Only the current
 * interviewer commands, and nothing after the end. `state` is never mutated.
 *
 * @example
 * const step = applySessionCommand(data, 'host', { type: 'session:examples', payload: { allowed: true } }, now, lookup)
 * step.ok && step.state.examplesAllowed // true
 */
export function applySessionCommand(
  state: SessionData,
  seat: Seat,
  command: SessionCommand,
  now: number,
  templates: TemplateLookup,
): SessionStep {
  // Consent to recording is each peer's own in a peer session: the candidate may ask too.
  if (command.type === ControlEvent.voiceRecord) return recordVoice(state, seat, command.payload.on, now)
  const role = roleOfSeat(seat, state.swapped)
  if (role !== 'interviewer') return refuse(`Only the interviewer can do that; you are the ${role}.`)
  if (state.endedAt !== null) return refuse('This session has ended.')
  const record = (event: DistributiveOmit<StoredSessionEvent, 'at' | 'actor'>): StoredSessionEvent =>
    ({ ...event, at: now, actor: role }) as StoredSessionEvent
  const next = (
    changes: Partial<SessionData>,
    change: Partial<SessionChangeFlags>,
    events: StoredSessionEvent[] = [],
    value: unknown = undefined,
  ): SessionStep => ({
    ok: true,
    state: { ...state, ...changes },
    events,
    effects: [],
    value,
    change: { ...NONE, ...change },
  })
  switch (command.type) {
    case ControlEvent.timerCommand: {
      const result = applyTimerEvent(state.timer, command.payload, now)
      if (!result.ok) return refuse(result.error)
      return next({ timer: result.state }, { publicState: true }, [
        record({ type: 'timer', payload: { ...command.payload, timer: result.state } }),
      ])
    }
    case ControlEvent.reveal: {
      const item = revealable(state, command.payload.itemId, now)
      if (typeof item === 'string') return refuse(item)
      if (state.revealed.some((revealed) => revealed.id === item.id))
        return refuse('That is already revealed.')
      return next(
        { revealed: [...state.revealed, item] },
        { publicState: true, privateState: true },
        [record({ type: 'reveal', payload: item })],
        item,
      )
    }
    case ControlEvent.swapRoles: {
      if (state.mode !== 'peer') return refuse('Roles can be swapped only in a peer session.')
      const round = state.round + 1
      const swapped = !state.swapped
      return next(
        {
          swapped,
          round,
          revealed: [],
          // The new interviewer decides about examples for their own candidate.
          examplesAllowed: false,
          // The round's timer stops and the next round starts from its first phase, when the new
          // interviewer presses Start (the swap's confirmation says so).
          timer: initialTimerState(state.template.phases),
        },
        { publicState: true, privateState: true, permissions: true },
        [record({ type: 'swap', payload: { round, swapped } })],
      )
    }
    case ControlEvent.chooseTemplate: {
      const { templateId } = command.payload
      if (state.mode !== 'peer') return refuse('The template can be changed only in a peer session.')
      if (state.timer.status !== 'idle') {
        return refuse('Pick the template before the timer starts (reset the timer first).')
      }
      const template = templates(templateId)
      if (!template) return refuse(`There is no template "${templateId}".`)
      return next(
        { template, revealed: [], timer: initialTimerState(template.phases) },
        { publicState: true, privateState: true },
        [
          record({
            type: 'template',
            payload: { templateId, round: state.round, template: publicTemplate(template) },
          }),
          // Kept whole, privately: the round's rubric must outlive the catalog's copy.
          record({ type: 'template-kept', payload: { whole: template } }),
        ],
      )
    }
    case ControlEvent.allowExamples:
      return next({ examplesAllowed: command.payload.allowed }, { publicState: true })
    case ControlEvent.end: {
      const stopped = applyTimerEvent(state.timer, { command: 'stop' }, now)
      const timer = stopped.ok ? stopped.state : state.timer
      return next({ timer, endedAt: now }, { publicState: true, permissions: true }, [
        record({ type: 'ended', payload: { timer } }),
      ])
    }
    case ControlEvent.addNote: {
      const note = {
        at: now,
        sessionClockMs: timerView(state.timer, now).sessionElapsedMs,
        round: state.round,
        text: command.payload.text,
      }
      return unchanged(state, { privateState: true }, [], { kind: 'add-note', note })
    }
    case ControlEvent.rotateLink: {
      const target = command.payload.seat
      if (roleOfSeat(target, state.swapped) === 'interviewer')
        return refuse('You cannot revoke your own link.')
      return unchanged(
        state,
        { revokedSeat: target },
        [record({ type: 'link-rotated', payload: { seat: target } })],
        {
          kind: 'replace-token',
          seat: target,
        },
      )
    }
    case ControlEvent.setVerdict:
      return unchanged(state, { privateState: true }, [], {
        kind: 'set-score',
        round: state.round,
        criterionId: verdictKey,
        score: verdictToScore(command.payload, now),
      })
    case ControlEvent.gather: {
      // Nothing to store: the control socket passes the announcement to the others.
      // Only the interviewer gets this far: the sender is the seat that interviews now.
      const byName = state.names[state.swapped ? 'guest' : 'host']
      const value: Gathered = { byName, boardUserId: command.payload.boardUserId }
      return { ok: true, state, events: [], effects: [], value, change: NONE }
    }
    case ControlEvent.voiceAllow: {
      const voice = state.voice ?? initialVoiceState
      if (voice.observerMaySpeak === command.payload.allowed) return unchanged(state, {}, [])
      return next({ voice: { ...voice, observerMaySpeak: command.payload.allowed } }, { publicState: true })
    }
    case ControlEvent.setScore: {
      const { criterionId, score, comment } = command.payload
      if (!state.template.rubric.some((item) => item.id === criterionId)) {
        return refuse(`The rubric has no criterion "${criterionId}".`)
      }
      return unchanged(state, { privateState: true }, [], {
        kind: 'set-score',
        round: state.round,
        criterionId,
        score: { score, comment, at: now },
      })
    }
  }
}

/** `voice:record` from `seat`: the consent rules are `requestRecording`'s; the change is recorded. */
function recordVoice(state: SessionData, seat: Seat, on: boolean, now: number): SessionStep {
  const voice = requestRecording(state, state.voice ?? initialVoiceState, seat, on, now)
  if (typeof voice === 'string') return refuse(voice)
  const event: StoredSessionEvent = {
    type: 'voice-recording',
    at: now,
    actor: roleOfSeat(seat, state.swapped),
    payload: { recording: voice.recording, requestedBy: voice.requestedBy },
  }
  return {
    ok: true,
    state: { ...state, voice },
    events: [event],
    effects: [],
    value: undefined,
    change: { ...NONE, publicState: true },
  }
}

/** `Omit` over each member of a union, so the result stays a discriminated union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

function refuse(error: string): SessionStep {
  return { ok: false, error }
}

/**
 * A command that leaves the session's state as it is (nothing to save) and acts through its
 * effect, if any, and its change flags (a command that only tells the sockets something).
 */
function unchanged(
  state: SessionData,
  change: Partial<SessionChangeFlags>,
  events: StoredSessionEvent[],
  effect?: SessionEffect,
): SessionStep {
  return {
    ok: true,
    state,
    events,
    effects: effect ? [effect] : [],
    value: undefined,
    change: { ...NONE, ...change },
  }
}

/** The card or clarifying answer `itemId` as revealed now, or why it cannot be. */
function revealable(state: SessionData, itemId: string, now: number): RevealedItem | string {
  const base = {
    revealedAt: now,
    sessionClockMs: timerView(state.timer, now).sessionElapsedMs,
    round: state.round,
  }
  const card = state.template.cards.find((c) => c.id === itemId)
  if (card) return { id: card.id, kind: card.kind, title: card.title, body: card.body, ...base }
  const question = state.template.clarifyingQuestions.find((q) => q.id === itemId)
  if (question)
    return { id: question.id, kind: 'answer', title: question.question, body: question.answer, ...base }
  return `This session's template has no card "${itemId}".`
}
