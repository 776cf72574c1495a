import { describe, expect, it } from 'vitest'
import { defaultPhasePlan, type PhasePlan } from './phasePlan.ts'
import {
  applyTimerEvent,
  formatClock,
  initialTimerState,
  phaseAt,
  type TimerCommand,
  type TimerEvent,
  type TimerState,
  timerCommands,
  timerEventSchema,
  timerStateSchema,
  timerView,
} from './timerMachine.ts'

const S = 1_000
const M = 60_000
/** A realistic server clock origin, so nothing accidentally works only because time starts at 0. */
const T0 = 1_760_000_000_000

/** Recursively freezes a value, so any mutation by the machine throws in strict mode. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

/** Applies an event that must be accepted; the result must be a valid, persisted-shape state. */
function apply(state: TimerState, event: TimerEvent | TimerCommand, now: number): TimerState {
  const e = typeof event === 'string' ? { command: event } : event
  const r = applyTimerEvent(deepFreeze(state), e, now)
  if (!r.ok) throw new Error(`expected ${e.command} at ${now - T0} to be accepted, got: ${r.error}`)
  expect(timerStateSchema.safeParse(r.state).success).toBe(true)
  return r.state
}

/** Applies an event that must be refused: readable error, state untouched. */
function refused(state: TimerState, event: TimerEvent | TimerCommand, now: number): string {
  const e = typeof event === 'string' ? { command: event } : event
  const before = JSON.parse(JSON.stringify(state)) as TimerState
  const r = applyTimerEvent(deepFreeze(state), e, now)
  expect(r.ok).toBe(false)
  expect(state).toEqual(before)
  if (r.ok) throw new Error('unreachable')
  expect(r.error).toMatch(/^[A-Z].{20,}\.$/)
  return r.error
}

const started = () => apply(initialTimerState(), 'start', T0)

describe('timerEventSchema', () => {
  it('accepts every command, and extend with 1..60 whole minutes', () => {
    for (const command of timerCommands) expect(timerEventSchema.parse({ command })).toEqual({ command })
    expect(timerEventSchema.parse({ command: 'extend', minutes: 1 }).minutes).toBe(1)
    expect(timerEventSchema.parse({ command: 'extend', minutes: 60 }).minutes).toBe(60)
  })

  it('rejects out-of-range or fractional minutes, unknown commands and unknown keys', () => {
    for (const bad of [
      { command: 'extend', minutes: 0 },
      { command: 'extend', minutes: 61 },
      { command: 'extend', minutes: 2.5 },
      { command: 'rewind' },
      { command: 'pause', by: 'me' },
      {},
    ]) {
      expect(timerEventSchema.safeParse(bad).success).toBe(false)
    }
  })
})

describe('initialTimerState', () => {
  it('is idle at 0:00 of the first phase with the planned budgets', () => {
    expect(initialTimerState()).toEqual({
      status: 'idle',
      plan: defaultPhasePlan,
      budgetsMs: [10 * M, 15 * M, 20 * M],
      phaseIndex: 0,
      phaseElapsedMs: 0,
      sessionElapsedMs: 0,
      anchorAt: null,
    })
    const v = timerView(initialTimerState(), T0 + 5 * M)
    expect(v).toMatchObject({ status: 'idle', phaseIndex: 0, phaseLeftMs: 10 * M, overallLeftMs: 45 * M })
  })

  it('copies the plan, so editing the argument later does not leak into the state', () => {
    const plan: PhasePlan = [{ id: 'a', title: 'A', goal: 'g', minutes: 3 }]
    const s = initialTimerState(plan)
    ;(plan[0] as { minutes: number }).minutes = 99
    expect(s.plan[0]?.minutes).toBe(3)
  })
})

describe('every event in every status', () => {
  const statesByStatus: Record<TimerState['status'], () => TimerState> = {
    idle: () => initialTimerState(),
    running: () => started(),
    paused: () => apply(started(), 'pause', T0 + 3 * M),
    stopped: () => apply(started(), 'stop', T0 + 3 * M),
  }
  // The status each event leads to, or null when it must be refused.
  const expected: Record<TimerState['status'], Record<TimerCommand, TimerState['status'] | null>> = {
    idle: {
      start: 'running',
      pause: null,
      resume: null,
      skip: null,
      back: null,
      extend: null,
      reset: 'idle',
      stop: 'stopped',
    },
    running: {
      start: null,
      pause: 'paused',
      resume: null,
      skip: 'running',
      back: 'running',
      extend: 'running',
      reset: 'idle',
      stop: 'stopped',
    },
    paused: {
      start: null,
      pause: null,
      resume: 'running',
      skip: 'paused',
      back: 'paused',
      extend: 'paused',
      reset: 'idle',
      stop: 'stopped',
    },
    stopped: {
      start: null,
      pause: null,
      resume: null,
      skip: null,
      back: null,
      extend: null,
      reset: null,
      stop: null,
    },
  }

  for (const status of Object.keys(expected) as TimerState['status'][]) {
    for (const command of timerCommands) {
      const outcome = expected[status][command]
      it(`${command} when ${status} is ${outcome === null ? 'refused' : `accepted → ${outcome}`}`, () => {
        const state = statesByStatus[status]()
        expect(state.status).toBe(status)
        const now = T0 + 5 * M
        if (outcome === null) {
          refused(state, command, now)
        } else {
          const next = apply(state, command, now)
          expect(next.status).toBe(outcome)
          expect(next.anchorAt).toBe(outcome === 'running' ? now : null)
        }
      })
    }
  }

  it('explains refusals in words a user can read', () => {
    expect(refused(initialTimerState(), 'pause', T0)).toBe(
      'The timer is not running, so it cannot be paused.',
    )
    expect(refused(started(), 'resume', T0)).toMatch(/not paused/)
    expect(refused(started(), 'start', T0)).toMatch(/already been started/)
    expect(refused(initialTimerState(), 'skip', T0)).toMatch(/not started/)
    expect(refused(statesByStatus.stopped(), 'reset', T0)).toMatch(/ended/)
  })

  it('refuses malformed events and an invalid clock without throwing', () => {
    const s = started()
    refused(s, { command: 'extend', minutes: 0 }, T0 + M)
    refused(s, { command: 'extend', minutes: 61 }, T0 + M)
    refused(s, { command: 'extend', minutes: 1.5 }, T0 + M)
    refused(s, { command: 'bogus' } as unknown as TimerEvent, T0 + M)
    refused(s, { command: 'pause', extra: 1 } as unknown as TimerEvent, T0 + M)
    refused(s, 'pause', Number.NaN)
    refused(s, 'pause', Number.POSITIVE_INFINITY)
  })
})

describe('the default 10/15/20 plan over time', () => {
  const s = started()
  const at = (ms: number) => timerView(s, T0 + ms)

  it('starts with the whole 45 minutes ahead', () => {
    expect(at(0)).toEqual({
      status: 'running',
      phaseIndex: 0,
      phase: defaultPhasePlan[0],
      phaseElapsedMs: 0,
      phaseLeftMs: 10 * M,
      overallLeftMs: 45 * M,
      overtimeMs: 0,
      sessionElapsedMs: 0,
      phaseCount: 3,
    })
  })

  it('at 9:59 is in phase 1 with 0:01 left', () => {
    expect(at(9 * M + 59 * S)).toMatchObject({ phaseIndex: 0, phaseLeftMs: S, overallLeftMs: 35 * M + S })
    expect(formatClock(at(9 * M + 59 * S).phaseLeftMs)).toBe('0:01')
  })

  it('at 10:00 is in phase 2 with 15:00 left', () => {
    const v = at(10 * M)
    expect(v).toMatchObject({ phaseIndex: 1, phaseElapsedMs: 0, phaseLeftMs: 15 * M, overallLeftMs: 35 * M })
    expect(v.phase.id).toBe('architecture')
    expect(formatClock(v.phaseLeftMs)).toBe('15:00')
  })

  it('moves to the deep dive at 25:00', () => {
    expect(at(25 * M - 1)).toMatchObject({ phaseIndex: 1, phaseLeftMs: 1 })
    expect(at(25 * M)).toMatchObject({ phaseIndex: 2, phaseLeftMs: 20 * M, overallLeftMs: 20 * M })
  })

  it('at 45:00 is at the end of the last phase with overtime 0', () => {
    expect(at(45 * M)).toMatchObject({ phaseIndex: 2, phaseLeftMs: 0, overallLeftMs: 0, overtimeMs: 0 })
  })

  it('at 47:30 counts 2:30 of overtime and nothing left', () => {
    const v = at(47 * M + 30 * S)
    expect(v).toMatchObject({
      phaseIndex: 2,
      phaseElapsedMs: 22 * M + 30 * S,
      phaseLeftMs: 0,
      overallLeftMs: 0,
      overtimeMs: 2 * M + 30 * S,
      sessionElapsedMs: 47 * M + 30 * S,
    })
    expect(formatClock(v.overtimeMs)).toBe('2:30')
  })

  it('phaseAt is the same function as timerView', () => {
    expect(phaseAt(s, T0 + 12 * M)).toEqual(timerView(s, T0 + 12 * M))
  })
})

describe('auto-advance', () => {
  it('carries the overrun of a phase into the next', () => {
    const s = started()
    expect(timerView(s, T0 + 12 * M + 34 * S)).toMatchObject({
      phaseIndex: 1,
      phaseElapsedMs: 2 * M + 34 * S,
    })
    // Across two boundaries from one anchor.
    expect(timerView(s, T0 + 30 * M)).toMatchObject({ phaseIndex: 2, phaseElapsedMs: 5 * M })
  })

  it('folds the passed boundaries into the stored anchor when an event is applied', () => {
    const paused = apply(started(), 'pause', T0 + 12 * M + 34 * S)
    expect(paused).toMatchObject({
      phaseIndex: 1,
      phaseElapsedMs: 2 * M + 34 * S,
      sessionElapsedMs: 12 * M + 34 * S,
      anchorAt: null,
    })
  })
})

describe('pause and resume', () => {
  it('pausing across a phase boundary stores where the clock is, and resume continues from there', () => {
    const paused = apply(started(), 'pause', T0 + 11 * M)
    expect(paused).toMatchObject({
      status: 'paused',
      phaseIndex: 1,
      phaseElapsedMs: M,
      sessionElapsedMs: 11 * M,
    })
    // Paused time counts nowhere.
    const frozen = timerView(paused, T0 + 60 * M)
    expect(frozen).toMatchObject({
      phaseIndex: 1,
      phaseElapsedMs: M,
      phaseLeftMs: 14 * M,
      sessionElapsedMs: 11 * M,
    })
    expect(timerView(paused, T0 + 11 * M)).toEqual(frozen)

    const resumed = apply(paused, 'resume', T0 + 60 * M)
    expect(timerView(resumed, T0 + 60 * M)).toEqual({ ...frozen, status: 'running' })
    expect(timerView(resumed, T0 + 74 * M)).toMatchObject({
      phaseIndex: 2,
      phaseElapsedMs: 0,
      sessionElapsedMs: 25 * M,
    })
  })

  it('a pause just before a boundary resumes in the same phase', () => {
    const paused = apply(started(), 'pause', T0 + 9 * M + 30 * S)
    const resumed = apply(paused, 'resume', T0 + 40 * M)
    expect(timerView(resumed, T0 + 40 * M + 29 * S)).toMatchObject({ phaseIndex: 0, phaseLeftMs: S })
    expect(timerView(resumed, T0 + 40 * M + 30 * S)).toMatchObject({ phaseIndex: 1, phaseElapsedMs: 0 })
  })

  it('several pauses add up: only running time counts', () => {
    let s = started()
    s = apply(s, 'pause', T0 + 2 * M)
    s = apply(s, 'resume', T0 + 10 * M)
    s = apply(s, 'pause', T0 + 13 * M)
    s = apply(s, 'resume', T0 + 100 * M)
    expect(timerView(s, T0 + 101 * M)).toMatchObject({
      phaseIndex: 0,
      phaseElapsedMs: 6 * M,
      sessionElapsedMs: 6 * M,
    })
  })
})

describe('extend', () => {
  it('adds 5 minutes to the current phase by default, moving its end', () => {
    const s = apply(started(), 'extend', T0 + 2 * M)
    expect(s.budgetsMs).toEqual([15 * M, 15 * M, 20 * M])
    expect(timerView(s, T0 + 2 * M)).toMatchObject({
      phaseIndex: 0,
      phaseLeftMs: 13 * M,
      overallLeftMs: 48 * M,
    })
    expect(timerView(s, T0 + 15 * M - 1)).toMatchObject({ phaseIndex: 0 })
    expect(timerView(s, T0 + 15 * M)).toMatchObject({ phaseIndex: 1, phaseLeftMs: 15 * M })
    expect(timerView(s, T0 + 50 * M)).toMatchObject({ phaseIndex: 2, overtimeMs: 0 })
  })

  it('extends the phase the clock is in now, not the one at the anchor', () => {
    const s = apply(started(), { command: 'extend', minutes: 10 }, T0 + 12 * M)
    expect(s.budgetsMs).toEqual([10 * M, 25 * M, 20 * M])
    expect(timerView(s, T0 + 12 * M)).toMatchObject({ phaseIndex: 1, phaseLeftMs: 23 * M })
  })

  it('in overtime gives the last phase more time, turning overtime back into time left', () => {
    const s = apply(started(), 'extend', T0 + 47 * M + 30 * S)
    expect(s.budgetsMs).toEqual([10 * M, 15 * M, 25 * M])
    expect(timerView(s, T0 + 47 * M + 30 * S)).toMatchObject({
      phaseIndex: 2,
      phaseLeftMs: 2 * M + 30 * S,
      overallLeftMs: 2 * M + 30 * S,
      overtimeMs: 0,
    })
    expect(timerView(s, T0 + 50 * M)).toMatchObject({ phaseLeftMs: 0, overtimeMs: 0 })
    expect(timerView(s, T0 + 51 * M)).toMatchObject({ overtimeMs: M })
  })

  it('works while paused, including in overtime', () => {
    const paused = apply(started(), 'pause', T0 + 46 * M)
    const s = apply(paused, { command: 'extend', minutes: 3 }, T0 + 90 * M)
    expect(s.status).toBe('paused')
    expect(timerView(s, T0 + 99 * M)).toMatchObject({ phaseLeftMs: 2 * M, overtimeMs: 0 })
  })

  it('accepts 60 minutes and refuses 61', () => {
    expect(apply(started(), { command: 'extend', minutes: 60 }, T0).budgetsMs[0]).toBe(70 * M)
    refused(started(), { command: 'extend', minutes: 61 }, T0)
  })
})

describe('skip', () => {
  it('in the middle of a phase starts the next now with its full budget; unused time is dropped', () => {
    const s = apply(started(), 'skip', T0 + 3 * M)
    expect(timerView(s, T0 + 3 * M)).toMatchObject({
      phaseIndex: 1,
      phaseElapsedMs: 0,
      overallLeftMs: 35 * M,
    })
    expect(timerView(s, T0 + 4 * M)).toMatchObject({
      phaseIndex: 1,
      phaseLeftMs: 14 * M,
      overallLeftMs: 34 * M,
      sessionElapsedMs: 4 * M,
    })
    expect(timerView(s, T0 + 18 * M)).toMatchObject({ phaseIndex: 2, phaseElapsedMs: 0 })
  })

  it('skips the phase the clock is in now (after an auto-advance), not the one at the anchor', () => {
    const s = apply(started(), 'skip', T0 + 12 * M)
    expect(timerView(s, T0 + 12 * M)).toMatchObject({ phaseIndex: 2, phaseLeftMs: 20 * M })
  })

  it('while paused moves to the next phase and stays paused', () => {
    const s = apply(apply(started(), 'pause', T0 + 3 * M), 'skip', T0 + 20 * M)
    expect(s.status).toBe('paused')
    expect(timerView(s, T0 + 30 * M)).toMatchObject({
      phaseIndex: 1,
      phaseElapsedMs: 0,
      sessionElapsedMs: 3 * M,
    })
  })

  it('on the last phase drops its remaining time; overtime starts at 0 from now', () => {
    const s = apply(started(), 'skip', T0 + 30 * M) // in the deep dive with 15:00 left
    expect(timerView(s, T0 + 30 * M)).toMatchObject({
      phaseIndex: 2,
      phaseLeftMs: 0,
      overallLeftMs: 0,
      overtimeMs: 0,
    })
    expect(timerView(s, T0 + 30 * M + 30 * S)).toMatchObject({
      phaseIndex: 2,
      overtimeMs: 30 * S,
      overallLeftMs: 0,
    })
  })

  it('is refused in overtime, and again right after skipping the last phase', () => {
    const msg = refused(started(), 'skip', T0 + 47 * M + 30 * S)
    expect(msg).toMatch(/last phase/)
    refused(started(), 'skip', T0 + 45 * M)
    const afterLastSkip = apply(started(), 'skip', T0 + 30 * M)
    refused(afterLastSkip, 'skip', T0 + 30 * M)
    refused(apply(started(), 'pause', T0 + 50 * M), 'skip', T0 + 60 * M)
  })
})

describe('back', () => {
  it('on the first phase restarts it from 0', () => {
    const s = apply(started(), 'back', T0 + 3 * M)
    expect(timerView(s, T0 + 4 * M)).toMatchObject({
      phaseIndex: 0,
      phaseElapsedMs: M,
      phaseLeftMs: 9 * M,
      sessionElapsedMs: 4 * M,
    })
  })

  it('on a later phase goes to the previous phase with its full budget', () => {
    const s = apply(started(), 'back', T0 + 12 * M) // auto-advanced into phase 2
    expect(timerView(s, T0 + 12 * M)).toMatchObject({ phaseIndex: 0, phaseElapsedMs: 0, phaseLeftMs: 10 * M })
    expect(timerView(s, T0 + 22 * M)).toMatchObject({ phaseIndex: 1, phaseElapsedMs: 0 })
  })

  it('from overtime goes back to the second-to-last phase', () => {
    const s = apply(started(), 'back', T0 + 50 * M)
    expect(timerView(s, T0 + 50 * M)).toMatchObject({ phaseIndex: 1, phaseLeftMs: 15 * M, overtimeMs: 0 })
  })

  it('while paused stays paused', () => {
    const s = apply(apply(started(), 'pause', T0 + 12 * M), 'back', T0 + 20 * M)
    expect(s).toMatchObject({ status: 'paused', phaseIndex: 0, phaseElapsedMs: 0, sessionElapsedMs: 12 * M })
  })
})

describe('reset', () => {
  it('returns to idle with the original budgets, from running and paused', () => {
    let s = started()
    s = apply(s, { command: 'extend', minutes: 7 }, T0 + M)
    s = apply(s, 'skip', T0 + 2 * M)
    s = apply(s, 'extend', T0 + 3 * M)
    expect(apply(s, 'reset', T0 + 4 * M)).toEqual(initialTimerState())
    expect(apply(apply(s, 'pause', T0 + 5 * M), 'reset', T0 + 6 * M)).toEqual(initialTimerState())
  })

  it('keeps a custom plan', () => {
    const plan: PhasePlan = [{ id: 'only', title: 'Only', goal: 'g', minutes: 7 }]
    const s = apply(apply(initialTimerState(plan), 'start', T0), 'extend', T0 + M)
    expect(apply(s, 'reset', T0 + 2 * M)).toEqual(initialTimerState(plan))
  })

  it('can start again after a reset', () => {
    const s = apply(apply(started(), 'reset', T0 + 5 * M), 'start', T0 + 100 * M)
    expect(timerView(s, T0 + 101 * M)).toMatchObject({
      phaseIndex: 0,
      phaseElapsedMs: M,
      sessionElapsedMs: M,
    })
  })
})

describe('stop', () => {
  it('freezes the clock forever and refuses every later event', () => {
    const s = apply(started(), 'stop', T0 + 20 * M)
    const frozen = timerView(s, T0 + 20 * M)
    expect(frozen).toMatchObject({
      status: 'stopped',
      phaseIndex: 1,
      phaseElapsedMs: 10 * M,
      sessionElapsedMs: 20 * M,
    })
    expect(timerView(s, T0 + 500 * M)).toEqual(frozen)
    for (const command of timerCommands) refused(s, command, T0 + 30 * M)
    refused(s, { command: 'extend', minutes: 5 }, T0 + 30 * M)
  })

  it('from paused keeps the paused position; from idle stops at 0:00', () => {
    const paused = apply(started(), 'pause', T0 + 5 * M)
    expect(timerView(apply(paused, 'stop', T0 + 50 * M), T0 + 60 * M)).toMatchObject({
      status: 'stopped',
      phaseElapsedMs: 5 * M,
      sessionElapsedMs: 5 * M,
    })
    const idle = apply(initialTimerState(), 'stop', T0)
    expect(timerView(idle, T0 + 60 * M)).toMatchObject({
      status: 'stopped',
      phaseIndex: 0,
      phaseLeftMs: 10 * M,
    })
    refused(idle, 'start', T0 + M)
  })
})

describe('clock skew', () => {
  it('never shows negative elapsed for a now before the anchor', () => {
    const s = started()
    expect(timerView(s, T0 - 5 * S)).toMatchObject({ phaseIndex: 0, phaseElapsedMs: 0, sessionElapsedMs: 0 })
    expect(apply(s, 'pause', T0 - 5 * S)).toMatchObject({ phaseElapsedMs: 0, sessionElapsedMs: 0 })
  })

  it('does not move the anchor backwards (which would invent time)', () => {
    const s = apply(apply(started(), 'pause', T0 + M), 'resume', T0 + 10 * M)
    const skipped = apply(s, 'skip', T0 + 8 * M) // an earlier now, e.g. after an NTP step
    expect(skipped.anchorAt).toBe(T0 + 10 * M)
    expect(timerView(skipped, T0 + 10 * M + S)).toMatchObject({
      phaseIndex: 1,
      phaseElapsedMs: S,
      sessionElapsedMs: M + S,
    })
  })
})

describe('restore after a restart', () => {
  /** Persist and reload the way the server does. */
  const roundTrip = (s: TimerState) => timerStateSchema.parse(JSON.parse(JSON.stringify(s)))

  it('gives the same view at the same now, for running, paused and stopped states', () => {
    let running = started()
    running = apply(running, 'extend', T0 + 3 * M)
    running = apply(running, 'pause', T0 + 4 * M)
    running = apply(running, 'resume', T0 + 9 * M)
    running = apply(running, 'skip', T0 + 12 * M)
    const states = [running, apply(running, 'pause', T0 + 20 * M), apply(running, 'stop', T0 + 30 * M)]
    for (const s of states) {
      const restored = roundTrip(s)
      expect(restored).toEqual(s)
      for (const ms of [0, 12 * M, 20 * M, 33 * M, 60 * M, 90 * M]) {
        expect(timerView(restored, T0 + ms)).toEqual(timerView(s, T0 + ms))
      }
    }
    // And the restored state keeps accepting events exactly like the original.
    expect(apply(roundTrip(running), 'extend', T0 + 40 * M)).toEqual(apply(running, 'extend', T0 + 40 * M))
  })

  it('rejects tampered or inconsistent payloads', () => {
    const s = started()
    const bad: unknown[] = [
      { ...s, extra: true },
      { ...s, budgetsMs: [M] },
      { ...s, anchorAt: null },
      { ...apply(s, 'pause', T0 + M), anchorAt: T0 },
      { ...s, phaseIndex: 3 },
      { ...s, phaseElapsedMs: -1 },
      { ...s, status: 'done' },
      { ...initialTimerState(), sessionElapsedMs: 5 },
      { ...s, plan: [] },
    ]
    for (const b of bad) expect(timerStateSchema.safeParse(b).success).toBe(false)
  })
})

describe('a custom plan', () => {
  const plan: PhasePlan = [
    { id: 'warm-up', title: 'Warm-up', goal: 'Say hello.', minutes: 1 },
    { id: 'sketch', title: 'Sketch', goal: 'Draw boxes.', minutes: 0.5 },
    { id: 'wrap-up', title: 'Wrap-up', goal: 'Summarize.', minutes: 2 },
    { id: 'questions', title: 'Questions', goal: 'Ask away.', minutes: 3 },
  ]
  const s = apply(initialTimerState(plan), 'start', T0)

  it('uses its phases and budgets', () => {
    expect(s.budgetsMs).toEqual([M, 30 * S, 2 * M, 3 * M])
    expect(timerView(s, T0)).toMatchObject({ phaseCount: 4, overallLeftMs: 6 * M + 30 * S })
    expect(timerView(s, T0 + M + 29 * S)).toMatchObject({ phaseIndex: 1, phaseLeftMs: S })
    expect(timerView(s, T0 + M + 30 * S).phase.id).toBe('wrap-up')
    expect(timerView(s, T0 + 3 * M + 30 * S).phase.id).toBe('questions')
    expect(timerView(s, T0 + 7 * M)).toMatchObject({ phaseIndex: 3, overtimeMs: 30 * S, overallLeftMs: 0 })
  })

  it('a one-phase plan: back restarts it, skip goes to overtime', () => {
    const one = apply(
      initialTimerState([{ id: 'solo', title: 'Solo', goal: 'All of it.', minutes: 30 }]),
      'start',
      T0,
    )
    expect(timerView(apply(one, 'back', T0 + 10 * M), T0 + 11 * M)).toMatchObject({
      phaseIndex: 0,
      phaseElapsedMs: M,
    })
    const skipped = apply(one, 'skip', T0 + 10 * M)
    expect(timerView(skipped, T0 + 11 * M)).toMatchObject({ phaseIndex: 0, overtimeMs: M, phaseLeftMs: 0 })
  })
})

describe('formatClock', () => {
  it.each([
    [600_000, '10:00'],
    [599_200, '10:00'], // rounds up: 9:59.2 left shows 10:00
    [599_000, '9:59'],
    [7_000, '0:07'],
    [6_001, '0:07'],
    [6_000, '0:06'],
    [1, '0:01'],
    [0, '0:00'],
    [-1, '0:00'],
    [-60_000, '0:00'],
    [Number.NaN, '0:00'],
    [45 * M, '45:00'],
    [59 * M + 59 * S, '59:59'],
    [3_599_001, '1:00:00'],
    [3_600_000, '1:00:00'],
    [3_723_000, '1:02:03'],
    [36_000_000, '10:00:00'],
  ])('formatClock(%d) is %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text)
  })

  it('rounds down when asked, for elapsed time and overtime', () => {
    expect(formatClock(6_999, 'down')).toBe('0:06')
    expect(formatClock(999, 'down')).toBe('0:00')
    expect(formatClock(150_000, 'down')).toBe('2:30')
    expect(formatClock(3_723_999, 'down')).toBe('1:02:03')
  })
})
