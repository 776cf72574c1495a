import { describe, expect, it } from 'vitest'
import { type Template, templateSchema } from '../template/templateSchema.ts'
import { initialTimerState } from '../timer/timerMachine.ts'
import { ControlEvent, clientEventSchemas } from './controlEvents.ts'
import type { Seat } from './roles.ts'
import { type SessionCommand, sessionCommandSchema } from './sessionCommand.ts'
import { type SessionData, sessionDataSchema } from './sessionData.ts'
import { storedSessionEventSchema } from './sessionEvents.ts'
import { applySessionCommand, type SessionStep } from './sessionMachine.ts'

/** A realistic server clock origin. */
const T0 = 1_760_000_000_000

function template(id: string): Template {
  return templateSchema.parse({
    schemaVersion: 1,
    id,
    title: `Template ${id}`,
    prompt: 'Design a thing.',
    sources: ['guide.txt'],
    tags: ['inference'],
    level: 'senior',
    lens: 'scale and speed',
    clarifyingQuestions: [{ id: 'q-users', question: 'How many users?', answer: 'Ten million.' }],
    cards: [{ id: 'c-spike', kind: 'stress-test', title: 'A spike', body: 'Traffic doubles.' }],
    rubric: [{ id: 'r-capacity', title: 'Capacity', strong: 'Sizes it.', failure: 'Guesses.' }],
  })
}

const catalog = new Map([template('alpha'), template('beta')].map((t) => [t.id, t]))
const lookup = (id: string) => catalog.get(id)

function session(overrides: Partial<SessionData> = {}): SessionData {
  const start = template('alpha')
  return deepFreeze(
    sessionDataSchema.parse({
      version: 1,
      mode: 'peer',
      template: start,
      names: { host: 'Ada', guest: 'Lin' },
      timer: initialTimerState(start.phases),
      round: 1,
      swapped: false,
      revealed: [],
      endedAt: null,
      ...overrides,
    }),
  )
}

/** Freezes a value all the way down, so a machine that mutates its input throws. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

function run(state: SessionData, command: SessionCommand, seat: Seat = 'host', now = T0): SessionStep {
  return applySessionCommand(state, seat, sessionCommandSchema.parse(command), now, lookup)
}

/** Runs a command that must be accepted; its state and events must be of the stored shapes. */
function accept(state: SessionData, command: SessionCommand, seat: Seat = 'host', now = T0) {
  const step = run(state, command, seat, now)
  if (!step.ok) throw new Error(`expected ${command.type} to be accepted, got: ${step.error}`)
  expect(sessionDataSchema.safeParse(step.state).success).toBe(true)
  for (const event of step.events) expect(storedSessionEventSchema.safeParse(event).success).toBe(true)
  return step
}

function refuse(state: SessionData, command: SessionCommand, seat: Seat = 'host'): string {
  const step = run(state, command, seat)
  if (step.ok) throw new Error(`expected ${command.type} to be refused`)
  return step.error
}

describe('applySessionCommand', () => {
  it('runs the timer and records the command with the new timer', () => {
    const step = accept(session(), { type: ControlEvent.timerCommand, payload: { command: 'start' } })
    expect(step.state.timer.status).toBe('running')
    expect(step.events).toEqual([
      { at: T0, actor: 'interviewer', type: 'timer', payload: { command: 'start', timer: step.state.timer } },
    ])
    expect(step.change).toEqual({ publicState: true, privateState: false, permissions: false })
    expect(step.effects).toEqual([])
  })

  it('refuses a timer command the timer refuses', () => {
    expect(refuse(session(), { type: ControlEvent.timerCommand, payload: { command: 'pause' } })).toMatch(/./)
  })

  it('reveals a card and a clarifying answer once each, stamped with the session clock', () => {
    const card = accept(session(), { type: ControlEvent.reveal, payload: { itemId: 'c-spike' } })
    expect(card.value).toMatchObject({ id: 'c-spike', kind: 'stress-test', revealedAt: T0, round: 1 })
    expect(card.state.revealed.map((item) => item.id)).toEqual(['c-spike'])
    expect(card.events.map((e) => e.type)).toEqual(['reveal'])
    const answer = accept(card.state, { type: ControlEvent.reveal, payload: { itemId: 'q-users' } })
    expect(answer.value).toMatchObject({ kind: 'answer', title: 'How many users?', body: 'Ten million.' })
    expect(refuse(answer.state, { type: ControlEvent.reveal, payload: { itemId: 'c-spike' } })).toBe(
      'That is already revealed.',
    )
    expect(refuse(session(), { type: ControlEvent.reveal, payload: { itemId: 'nope' } })).toBe(
      `This session's template has no card "nope".`,
    )
  })

  it('swaps peers into the next round with a fresh timer, no reveals and examples off', () => {
    const started = accept(session({ examplesAllowed: true }), {
      type: ControlEvent.timerCommand,
      payload: { command: 'start' },
    })
    const step = accept(started.state, { type: ControlEvent.swapRoles, payload: {} })
    expect(step.state).toMatchObject({ swapped: true, round: 2, revealed: [], examplesAllowed: false })
    expect(step.state.timer.status).toBe('idle')
    expect(step.change).toEqual({ publicState: true, privateState: true, permissions: true })
    expect(step.events).toEqual([
      { at: T0, actor: 'interviewer', type: 'swap', payload: { round: 2, swapped: true } },
    ])
    // The guest interviews now; the host may no longer command.
    expect(refuse(step.state, { type: ControlEvent.end, payload: {} }, 'host')).toBe(
      'Only the interviewer can do that; you are the candidate.',
    )
    expect(refuse(session({ mode: 'interview' }), { type: ControlEvent.swapRoles, payload: {} })).toBe(
      'Roles can be swapped only in a peer session.',
    )
  })

  it('keeps the chosen template whole, in a private event checked like every stored one', () => {
    const step = accept(session(), { type: ControlEvent.chooseTemplate, payload: { templateId: 'beta' } })
    expect(step.events.map((e) => e.type)).toEqual(['template', 'template-kept'])
    expect(step.events[1]).toMatchObject({ payload: { whole: catalog.get('beta') } })
    for (const event of step.events) expect(storedSessionEventSchema.safeParse(event).success).toBe(true)
  })

  it('changes the template of a peer round only before the timer starts', () => {
    const step = accept(session(), { type: ControlEvent.chooseTemplate, payload: { templateId: 'beta' } })
    expect(step.state.template.id).toBe('beta')
    expect(step.events[0]).toMatchObject({ type: 'template', payload: { templateId: 'beta', round: 1 } })
    expect(refuse(session(), { type: ControlEvent.chooseTemplate, payload: { templateId: 'gamma' } })).toBe(
      'There is no template "gamma".',
    )
    expect(
      refuse(session({ mode: 'interview' }), {
        type: ControlEvent.chooseTemplate,
        payload: { templateId: 'beta' },
      }),
    ).toBe('The template can be changed only in a peer session.')
    const running = accept(session(), {
      type: ControlEvent.timerCommand,
      payload: { command: 'start' },
    }).state
    expect(refuse(running, { type: ControlEvent.chooseTemplate, payload: { templateId: 'beta' } })).toMatch(
      /before the timer starts/,
    )
  })

  it('lets the candidate insert examples when allowed, recording nothing', () => {
    const step = accept(session(), { type: ControlEvent.allowExamples, payload: { allowed: true } })
    expect(step.state.examplesAllowed).toBe(true)
    expect(step.events).toEqual([])
  })

  it('ends the session: the timer stops, the end is stamped, and nothing is accepted after', () => {
    const started = accept(session(), {
      type: ControlEvent.timerCommand,
      payload: { command: 'start' },
    }).state
    const step = accept(started, { type: ControlEvent.end, payload: {} }, 'host', T0 + 60_000)
    expect(step.state.endedAt).toBe(T0 + 60_000)
    expect(step.state.timer.status).toBe('stopped')
    expect(step.change).toEqual({ publicState: true, privateState: false, permissions: true })
    expect(refuse(step.state, { type: ControlEvent.allowExamples, payload: { allowed: true } })).toBe(
      'This session has ended.',
    )
  })

  it('keeps notes, scores and link changes out of the state: they are effects run after the save', () => {
    const state = session()
    const note = accept(state, { type: ControlEvent.addNote, payload: { text: '  sizes the KV cache  ' } })
    expect(note.state).toBe(state)
    expect(note.effects).toEqual([
      { kind: 'add-note', note: { at: T0, sessionClockMs: 0, round: 1, text: 'sizes the KV cache' } },
    ])
    const score = accept(state, {
      type: ControlEvent.setScore,
      payload: { criterionId: 'r-capacity', score: 3, comment: 'good' },
    })
    expect(score.state).toBe(state)
    expect(score.effects).toEqual([
      {
        kind: 'set-score',
        round: 1,
        criterionId: 'r-capacity',
        score: { score: 3, comment: 'good', at: T0 },
      },
    ])
    expect(
      refuse(state, {
        type: ControlEvent.setScore,
        payload: { criterionId: 'r-none', score: 1, comment: '' },
      }),
    ).toBe('The rubric has no criterion "r-none".')
    const rotate = accept(state, { type: ControlEvent.rotateLink, payload: { seat: 'guest' } })
    expect(rotate.state).toBe(state)
    expect(rotate.effects).toEqual([{ kind: 'replace-token', seat: 'guest' }])
    expect(rotate.change.revokedSeat).toBe('guest')
    expect(rotate.events).toEqual([
      { at: T0, actor: 'interviewer', type: 'link-rotated', payload: { seat: 'guest' } },
    ])
    expect(refuse(state, { type: ControlEvent.rotateLink, payload: { seat: 'host' } })).toBe(
      'You cannot revoke your own link.',
    )
  })

  it('keeps the verdict as a score row of the round, after the save', () => {
    const state = session()
    const step = accept(state, {
      type: ControlEvent.setVerdict,
      payload: { summary: 'Sized it well', recommendation: null },
    })
    expect(step.state).toBe(state)
    expect(step.effects).toEqual([
      {
        kind: 'set-score',
        round: 1,
        criterionId: ':verdict',
        score: { score: null, comment: 'Sized it well', at: T0 },
      },
    ])
  })

  it('gathers the room to the interviewer: nothing saved or recorded, the sender named', () => {
    const state = session()
    const step = accept(state, { type: ControlEvent.gather, payload: { boardUserId: 'user:ada' } })
    expect(step.state).toBe(state)
    expect(step.events).toEqual([])
    expect(step.value).toEqual({ byName: 'Ada', boardUserId: 'user:ada' })
    const swapped = accept(state, { type: ControlEvent.swapRoles, payload: {} }).state
    expect(
      accept(swapped, { type: ControlEvent.gather, payload: { boardUserId: 'user:lin' } }, 'guest').value,
    ).toEqual({
      byName: 'Lin',
      boardUserId: 'user:lin',
    })
  })

  it('refuses every command from a seat that does not interview', () => {
    for (const seat of ['guest', 'observer'] as const) {
      expect(
        refuse(session(), { type: ControlEvent.allowExamples, payload: { allowed: true } }, seat),
      ).toMatch(/^Only the interviewer can do that/)
    }
  })
})

describe('sessionCommandSchema', () => {
  it('refuses a command type not in the union, and a known type with a wrong payload', () => {
    // What a control event added to ControlEvent but not to the command union would meet.
    expect(sessionCommandSchema.safeParse({ type: 'session:summon', payload: {} }).success).toBe(false)
    expect(
      sessionCommandSchema.safeParse({ type: ControlEvent.clockPing, payload: { clientSentAt: 1 } }).success,
    ).toBe(false)
    expect(
      sessionCommandSchema.safeParse({ type: ControlEvent.addNote, payload: { text: '' } }).success,
    ).toBe(false)
    expect(sessionCommandSchema.safeParse({ type: ControlEvent.end, payload: {} }).success).toBe(true)
  })

  it('has one option for every acknowledged control event but the clock ping', () => {
    // Step 2 of "add a control event" (CONTRIBUTING.md): an event the socket accepts but the
    // machine has no command for would be refused after its payload was checked.
    const events = Object.keys(clientEventSchemas).filter((name) => name !== ControlEvent.clockPing)
    const commands = sessionCommandSchema.options.map((option) => option.shape.type.value)
    expect([...commands].sort()).toEqual([...events].sort())
  })
})
