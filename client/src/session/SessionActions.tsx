import type { TemplateSummary } from '@roofline/shared'
import { type Ack, ControlEvent, formatClock, type SessionState, timerView } from '@roofline/shared'
import { useEffect, useState } from 'react'
import { listTemplates } from '../net/api.ts'
import type { ControlConnection } from '../net/controlConnection.ts'
import './session.css'

/**
 * What swapping does to the timer, in the words the confirmation uses: the round's timer
 * stops where it is and the next round starts from its first phase when the new interviewer
 * presses Start (that is what the server does on a swap).
 *
 * @example swapConfirmation(state, Date.now()) // 'Swap roles? Raj becomes the interviewer …'
 */
export function swapConfirmation(state: SessionState, now: number): string {
  const next = state.participants.find((p) => p.role === 'candidate')?.name ?? 'The other peer'
  const round = state.round + 1
  const elapsed = formatClock(timerView(state.timer, now).sessionElapsedMs, 'down')
  const timer =
    state.timer.status === 'idle'
      ? 'The timer has not started; it stays at the first phase'
      : `The timer (${state.timer.status}, ${elapsed} in) stops and resets to the first phase`
  return (
    `Swap roles? ${next} becomes the interviewer for round ${round} and picks its template. ` +
    `${timer}; the new interviewer starts it when round ${round} begins.`
  )
}

/**
 * The interviewer's session controls: end the session, let the candidate insert example
 * diagrams, and in peer mode swap roles (confirmed) and pick the round's template.
 */
export function SessionActions({ state, control }: { state: SessionState; control: ControlConnection }) {
  const [error, setError] = useState<string | null>(null)
  const run = async (pending: Promise<Ack<unknown>>) => {
    const ack = await pending
    setError(ack.ok ? null : ack.error)
    return ack
  }
  return (
    <div className="session-actions-block">
      <div className="session-actions">
        {state.mode === 'peer' && (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              if (window.confirm(swapConfirmation(state, Date.now() + control.clockOffset())))
                void run(control.send(ControlEvent.swapRoles, {}))
            }}
            title="The other peer becomes the interviewer for the next round"
          >
            Swap roles
          </button>
        )}
        <button
          type="button"
          className="button danger"
          onClick={() => {
            if (window.confirm('End the session for everyone? The board becomes read-only.')) {
              void run(control.send(ControlEvent.end, {}))
            }
          }}
        >
          End session
        </button>
      </div>
      <label className="examples-toggle">
        <input
          type="checkbox"
          checked={state.examplesAllowed}
          onChange={(event) =>
            void run(control.send(ControlEvent.allowExamples, { allowed: event.target.checked }))
          }
        />
        Let the candidate insert example diagrams
      </label>
      {state.mode === 'peer' && state.timer.status === 'idle' && (
        <TemplatePicker round={state.round} title={state.title} run={run} control={control} />
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

/**
 * Peer practice: the round's interviewer picks its template before starting the timer, so
 * round 2 does not ask the prompt whose answers the new interviewer has just read.
 */
function TemplatePicker({
  round,
  title,
  run,
  control,
}: {
  round: number
  title: string
  run(pending: Promise<Ack<unknown>>): Promise<Ack<unknown>>
  control: ControlConnection
}) {
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null)
  const [chosen, setChosen] = useState('')
  useEffect(() => {
    let current = true
    listTemplates().then(
      (list) => {
        if (current) setTemplates(list)
      },
      () => {
        if (current) setTemplates([])
      },
    )
    return () => {
      current = false
    }
  }, [])
  const choose = async () => {
    const ack = await run(control.send(ControlEvent.chooseTemplate, { templateId: chosen }))
    if (ack.ok) setChosen('')
  }
  return (
    <form
      className="template-picker"
      aria-label="Template for this round"
      onSubmit={(event) => {
        event.preventDefault()
        void choose()
      }}
    >
      <p className="panel-hint">
        Round {round}: “{title}”.
        {round > 1
          ? ' Pick a prompt your partner has not seen the answers to.'
          : ' Change it before you start.'}
      </p>
      <div className="template-picker__row">
        <select
          aria-label="Next template"
          value={chosen}
          onChange={(event) => setChosen(event.target.value)}
          disabled={!templates}
        >
          <option value="">{templates ? 'Choose a template…' : 'Loading templates…'}</option>
          {templates?.map((template) => (
            <option key={template.id} value={template.id} disabled={template.title === title}>
              {template.title}
            </option>
          ))}
        </select>
        <button type="submit" className="button secondary" disabled={!chosen}>
          Use template
        </button>
      </div>
    </form>
  )
}
