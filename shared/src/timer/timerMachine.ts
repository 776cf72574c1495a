import { z } from 'zod'
import { defaultPhasePlan, type Phase, type PhasePlan, phasePlanSchema } from './phasePlan.ts'

/**
 * The interview phase timer as a pure state machine.
 *
 * The server owns a {@link TimerState}, applies {@link TimerEvent}s to it with
 * {@link applyTimerEvent} (passing its own clock as `now`), persists it as JSON and broadcasts it.
 * Every client derives what to show with {@link timerView}`(state, serverNow)`, so no tick
 * ever has to be sent: the state only changes when someone presses a button.
 *
 * The state stores an *anchor*: where the clock was (phase, elapsed in phase, session clock)
 * at `anchorAt`. While running, the position at `now` is the anchor plus `now - anchorAt`,
 * carried across phase boundaries (the overrun of one phase is time spent in the next); past
 * the end of the last phase the extra time is overtime.
 *
 * @example
 * let s = initialTimerState()                              // default 10/15/20 plan, idle
 * s = unwrap(applyTimerEvent(s, { command: 'start' }, t0))
 * timerView(s, t0 + 10 * 60_000).phaseIndex                // 1 (architecture), 15:00 left
 */

/** Milliseconds in a minute. */
const MINUTE_MS = 60_000

/**
 * Every command the timer understands, in the order the control bar shows them.
 *
 * @example
 * timerCommands.includes('pause') // true
 */
export const timerCommands = ['start', 'pause', 'resume', 'skip', 'back', 'extend', 'reset', 'stop'] as const

/**
 * One timer command.
 *
 * @example
 * const c: TimerCommand = 'extend'
 */
export type TimerCommand = (typeof timerCommands)[number]

/** Minutes an `extend` adds when the event does not say. */
export const defaultExtendMinutes = 5

/**
 * A timer event as it arrives on the wire. `minutes` is only meaningful for `extend`
 * (whole minutes, 1..60, default {@link defaultExtendMinutes}); other commands ignore it.
 * Unknown keys are rejected.
 *
 * @example
 * timerEventSchema.parse({ command: 'extend', minutes: 10 }) // ok
 * timerEventSchema.safeParse({ command: 'extend', minutes: 0 }).success // false
 */
export const timerEventSchema = z
  .object({
    command: z.enum(timerCommands),
    minutes: z.number().int().min(1).max(60).optional(),
  })
  .strict()

/**
 * A validated timer event.
 *
 * @example
 * const e: TimerEvent = { command: 'skip' }
 */
export type TimerEvent = z.infer<typeof timerEventSchema>

/**
 * The persisted, broadcast state of the timer. Positions are stored as of `anchorAt` (or, when
 * not running, as of the moment the clock stopped moving); see {@link timerView} for the
 * position at any `now`.
 *
 * @example
 * const s: TimerState = initialTimerState()
 * s.status   // 'idle'
 * s.budgetsMs // [600000, 900000, 1200000]
 */
export interface TimerState {
  /** `idle` before start, `running`, `paused`, or `stopped` for good (the session ended). */
  status: 'idle' | 'running' | 'paused' | 'stopped'
  /** Phases as planned (titles, goals, minutes). Never changed by events. */
  plan: PhasePlan
  /** Per phase, the planned minutes in ms plus any extensions. */
  budgetsMs: number[]
  /** The phase at the anchor. */
  phaseIndex: number
  /** Elapsed ms within that phase at the anchor (may exceed its budget only on the last phase: overtime). */
  phaseElapsedMs: number
  /** Total running ms at the anchor (the "session clock"; paused time is not counted). */
  sessionElapsedMs: number
  /** Server time (ms) the clock has been running from; `null` unless running. */
  anchorAt: number | null
}

const nonNegativeMs = z.number().finite().nonnegative()

/**
 * Zod schema of {@link TimerState}, for validating persisted JSON and wire payloads. Strict
 * (unknown keys are rejected) and checks the cross-field invariants: one budget per phase, a
 * phase index inside the plan, `anchorAt` set exactly when running, and an idle timer at zero.
 *
 * @example
 * const restored = timerStateSchema.parse(JSON.parse(JSON.stringify(state)))
 */
export const timerStateSchema = z
  .object({
    status: z.enum(['idle', 'running', 'paused', 'stopped']),
    plan: phasePlanSchema,
    budgetsMs: z.array(nonNegativeMs),
    phaseIndex: z.number().int().nonnegative(),
    phaseElapsedMs: nonNegativeMs,
    sessionElapsedMs: nonNegativeMs,
    anchorAt: z.number().finite().nullable(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.budgetsMs.length !== s.plan.length) {
      ctx.addIssue({ code: 'custom', path: ['budgetsMs'], message: 'there must be one budget per phase' })
    }
    if (s.phaseIndex >= s.plan.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['phaseIndex'],
        message: 'the phase index is past the last phase',
      })
    }
    if ((s.status === 'running') !== (s.anchorAt !== null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['anchorAt'],
        message: 'anchorAt is set exactly when the timer is running',
      })
    }
    if (s.status === 'idle' && (s.phaseIndex !== 0 || s.phaseElapsedMs !== 0 || s.sessionElapsedMs !== 0)) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'an idle timer has not run yet' })
    }
  })

// The schema and the interface must describe the same shape, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const schemaMatchesState: Same<z.infer<typeof timerStateSchema>, TimerState> = true
void schemaMatchesState

/**
 * Budgets in ms of a plan as planned (no extensions). Rounded to whole ms so that fractional
 * minutes do not leave float dust in the persisted state.
 */
function plannedBudgetsMs(plan: PhasePlan): number[] {
  return plan.map((p) => Math.round(p.minutes * MINUTE_MS))
}

/**
 * A fresh, idle timer for a plan (default: {@link defaultPhasePlan}, 10/15/20 minutes).
 * The plan is copied, so later changes to the argument do not leak into the state.
 *
 * @example
 * initialTimerState().budgetsMs                          // [600000, 900000, 1200000]
 * initialTimerState([{ id: 'q', title: 'Q', goal: 'g', minutes: 1 }]).budgetsMs // [60000]
 */
export function initialTimerState(plan: PhasePlan = defaultPhasePlan): TimerState {
  return {
    status: 'idle',
    plan: plan.map((p) => ({ ...p })),
    budgetsMs: plannedBudgetsMs(plan),
    phaseIndex: 0,
    phaseElapsedMs: 0,
    sessionElapsedMs: 0,
    anchorAt: null,
  }
}

/**
 * What {@link applyTimerEvent} returns: the new state, or a sentence a user can read saying
 * why the event was refused (the old state is then unchanged).
 *
 * @example
 * const r = applyTimerEvent(initialTimerState(), { command: 'pause' }, 0)
 * if (!r.ok) r.error // "The timer is not running, so it cannot be paused."
 */
export type TimerResult = { ok: true; state: TimerState } | { ok: false; error: string }

/** Where the clock is at some instant: normalized so that only the last phase can be overrun. */
interface Position {
  phaseIndex: number
  phaseElapsedMs: number
  sessionElapsedMs: number
}

/**
 * Ms the clock has run since the anchor at `now`. Zero unless running; clamped at zero when
 * `now` is before the anchor (clock skew), so elapsed never goes negative.
 */
function runningSince(state: TimerState, now: number): number {
  if (state.status !== 'running' || state.anchorAt === null) return 0
  return Math.max(0, now - state.anchorAt)
}

/** The position at `now`, carrying the overrun of each phase into the next (auto-advance). */
function positionAt(state: TimerState, now: number): Position {
  const delta = runningSince(state, now)
  const last = state.budgetsMs.length - 1
  let phaseIndex = Math.min(Math.max(0, state.phaseIndex), Math.max(0, last))
  let phaseElapsedMs = Math.max(0, state.phaseElapsedMs) + delta
  for (;;) {
    const budget = state.budgetsMs[phaseIndex]
    if (budget === undefined || phaseIndex >= last || phaseElapsedMs < budget) break
    phaseElapsedMs -= budget
    phaseIndex += 1
  }
  return { phaseIndex, phaseElapsedMs, sessionElapsedMs: Math.max(0, state.sessionElapsedMs) + delta }
}

/**
 * The state re-anchored at `now`: same clock, position folded in. For a running timer the
 * anchor moves to `now`, but never backwards (a `now` before the anchor is clock skew and
 * counts as the anchor itself, so no time is invented or lost).
 */
function settle(state: TimerState, now: number): TimerState {
  const pos = positionAt(state, now)
  const anchorAt =
    state.status === 'running' && state.anchorAt !== null ? Math.max(now, state.anchorAt) : null
  return { ...state, budgetsMs: [...state.budgetsMs], ...pos, anchorAt }
}

/** True when the last phase's budget is used up (the timer is counting overtime, maybe still 0). */
function inOvertime(state: TimerState, pos: Position): boolean {
  const last = state.budgetsMs.length - 1
  const budget = state.budgetsMs[last] ?? 0
  return pos.phaseIndex === last && pos.phaseElapsedMs >= budget
}

const refusedWhenStopped = 'The session has ended and its timer is stopped, so it cannot be changed.'

/** Builds a refusal. */
function refuse(error: string): TimerResult {
  return { ok: false, error }
}

/** Builds a success. */
function accept(state: TimerState): TimerResult {
  return { ok: true, state }
}

/**
 * Applies one event to the timer at server time `now` (ms). Pure: never throws, never mutates
 * `state`, and on refusal returns `{ ok: false, error }` with a readable sentence while the
 * caller keeps the old state.
 *
 * Allowed transitions:
 * - `start`: idle → running, from 0:00 of the first phase.
 * - `pause`: running → paused, freezing the position at `now` (across any phase boundaries passed).
 * - `resume`: paused → running from the frozen position; paused time counts nowhere.
 * - `skip` (running/paused): the current phase ends now and the next starts with its full budget;
 *   on the last phase the remaining time is dropped and overtime starts at 0; refused in overtime.
 * - `back` (running/paused): the previous phase restarts from 0 (the first phase restarts itself).
 * - `extend` (running/paused; `minutes` 1..60, default 5): adds to the current phase's budget; in
 *   overtime the last phase gets it, turning overtime back into time left.
 * - `reset` (idle/running/paused): back to idle with the planned budgets.
 * - `stop` (idle/running/paused): frozen for good; every later event is refused.
 *
 * @example
 * const started = applyTimerEvent(initialTimerState(), { command: 'start' }, 1_000)
 * // { ok: true, state: { status: 'running', anchorAt: 1000, ... } }
 * applyTimerEvent(initialTimerState(), { command: 'skip' }, 1_000)
 * // { ok: false, error: 'The timer has not started yet, so there is no phase to skip.' }
 */
export function applyTimerEvent(state: TimerState, event: TimerEvent, now: number): TimerResult {
  const parsed = timerEventSchema.safeParse(event)
  if (!parsed.success) {
    return refuse('That timer command was not understood (extend takes 1 to 60 whole minutes).')
  }
  if (!Number.isFinite(now))
    return refuse('The server clock gave an invalid time, so the timer was not changed.')
  const { command, minutes } = parsed.data
  const { status } = state

  if (status === 'stopped') return refuse(refusedWhenStopped)

  switch (command) {
    case 'start': {
      if (status !== 'idle') {
        return refuse('The timer has already been started; use reset to start over.')
      }
      return accept({
        ...state,
        budgetsMs: [...state.budgetsMs],
        status: 'running',
        phaseIndex: 0,
        phaseElapsedMs: 0,
        sessionElapsedMs: 0,
        anchorAt: now,
      })
    }
    case 'pause': {
      if (status !== 'running') return refuse('The timer is not running, so it cannot be paused.')
      return accept({ ...settle(state, now), status: 'paused', anchorAt: null })
    }
    case 'resume': {
      if (status !== 'paused') return refuse('The timer is not paused, so it cannot be resumed.')
      return accept({ ...settle(state, now), status: 'running', anchorAt: now })
    }
    case 'skip': {
      if (status === 'idle') return refuse('The timer has not started yet, so there is no phase to skip.')
      const settled = settle(state, now)
      if (inOvertime(settled, settled)) {
        return refuse('The last phase is already over, so there is no phase to skip to.')
      }
      const last = settled.budgetsMs.length - 1
      if (settled.phaseIndex < last) {
        return accept({ ...settled, phaseIndex: settled.phaseIndex + 1, phaseElapsedMs: 0 })
      }
      // Last phase: drop what is left; overtime counts from now.
      return accept({ ...settled, phaseElapsedMs: settled.budgetsMs[last] ?? 0 })
    }
    case 'back': {
      if (status === 'idle')
        return refuse('The timer has not started yet, so there is no phase to go back to.')
      const settled = settle(state, now)
      return accept({ ...settled, phaseIndex: Math.max(0, settled.phaseIndex - 1), phaseElapsedMs: 0 })
    }
    case 'extend': {
      if (status === 'idle') return refuse('The timer has not started yet, so there is no phase to extend.')
      const settled = settle(state, now)
      const budget = settled.budgetsMs[settled.phaseIndex]
      if (budget === undefined) return refuse('The timer state is damaged: its current phase has no budget.')
      settled.budgetsMs[settled.phaseIndex] = budget + (minutes ?? defaultExtendMinutes) * MINUTE_MS
      return accept(settled)
    }
    case 'reset':
      return accept(initialTimerState(state.plan))
    case 'stop':
      return accept({ ...settle(state, now), status: 'stopped', anchorAt: null })
  }
}

/**
 * What a screen shows for a timer at some instant.
 *
 * @example
 * const v = timerView(state, serverNow)
 * `${v.phase.title}: ${formatClock(v.phaseLeftMs)} left` // "Architecture and data flow: 15:00 left"
 */
export interface TimerView {
  /** The timer's status. */
  status: TimerState['status']
  /** Index of the current phase (0-based). */
  phaseIndex: number
  /** The current phase as planned. */
  phase: Phase
  /** Elapsed ms within the current phase (in overtime: its budget plus the overtime). */
  phaseElapsedMs: number
  /** Ms left in the current phase, >= 0. */
  phaseLeftMs: number
  /** Current phase left plus the budgets of later phases; 0 in overtime. */
  overallLeftMs: number
  /** > 0 only past the end of the last phase: ms beyond its (extended) budget. */
  overtimeMs: number
  /** Running ms since start, pauses excluded: the clock notes are stamped with. */
  sessionElapsedMs: number
  /** Number of phases in the plan. */
  phaseCount: number
}

/**
 * The timer as seen at server time `now` (clients pass their estimate of server time, see
 * `clockOffset.ts`). Pure and cheap: call it every animation frame. A `now` before the anchor
 * (clock skew) is treated as the anchor, so nothing ever counts backwards past it.
 *
 * @example
 * const s = unwrap(applyTimerEvent(initialTimerState(), { command: 'start' }, 0))
 * timerView(s, 599_000)  // phaseIndex 0, phaseLeftMs 1000
 * timerView(s, 600_000)  // phaseIndex 1, phaseLeftMs 900000
 * timerView(s, 2_850_000) // phaseIndex 2, overtimeMs 150000, overallLeftMs 0
 */
export function timerView(state: TimerState, now: number): TimerView {
  const pos = positionAt(state, now)
  const budget = state.budgetsMs[pos.phaseIndex] ?? 0
  const phaseLeftMs = Math.max(0, budget - pos.phaseElapsedMs)
  let laterMs = 0
  for (let i = pos.phaseIndex + 1; i < state.budgetsMs.length; i++) laterMs += state.budgetsMs[i] ?? 0
  const phase = state.plan[pos.phaseIndex] ?? state.plan[0]
  if (phase === undefined) throw new Error('A timer plan has at least one phase.')
  return {
    status: state.status,
    phaseIndex: pos.phaseIndex,
    phase,
    phaseElapsedMs: pos.phaseElapsedMs,
    phaseLeftMs,
    overallLeftMs: phaseLeftMs + laterMs,
    overtimeMs: Math.max(0, pos.phaseElapsedMs - budget),
    sessionElapsedMs: pos.sessionElapsedMs,
    phaseCount: state.plan.length,
  }
}

/**
 * Alias of {@link timerView}: the phase (and everything else shown) at `now`.
 *
 * @example
 * phaseAt(state, serverNow).phase.title
 */
export const phaseAt = timerView

/**
 * Formats ms as a clock: `m:ss` below an hour, `h:mm:ss` from an hour up. Negative or
 * non-finite input shows `0:00`.
 *
 * Rounding defaults to `'up'` (to the next whole second), which is right for time *left*:
 * 9:59.2 left shows `10:00`, and `0:00` appears only when the time is really up, at the
 * same instant the next phase (or overtime) begins. Pass `'down'` for time *elapsed* or
 * overtime, which should read `0:00` for its whole first second like a stopwatch.
 *
 * @example
 * formatClock(600_000)    // "10:00"
 * formatClock(599_200)    // "10:00" (rounded up)
 * formatClock(6_500)      // "0:07"
 * formatClock(3_723_000)  // "1:02:03"
 * formatClock(-5)         // "0:00"
 * formatClock(6_500, 'down') // "0:06"
 */
export function formatClock(ms: number, rounding: 'up' | 'down' = 'up'): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0:00'
  const totalSeconds = rounding === 'up' ? Math.ceil(ms / 1000) : Math.floor(ms / 1000)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  const ss = String(seconds).padStart(2, '0')
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`
  return `${minutes}:${ss}`
}
