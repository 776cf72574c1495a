import {
  type Ack,
  ControlEvent,
  type PrivateState,
  type Recommendation,
  readVerdict,
  recommendationLabels,
  recommendations,
} from '@roofline/shared'
import { useState } from 'react'
import type { ControlConnection } from '../net/controlConnection.ts'
import './session.css'
import './verdictForm.css'

/**
 * The interviewer's overall verdict on the round, under the scorecard: a recommendation
 * (not yet / almost / ready) and a short summary, saved as they change. Private like the notes;
 * the report opens with it.
 */
export function VerdictForm({ material, control }: { material: PrivateState; control: ControlConnection }) {
  const verdict = readVerdict(material.scores) ?? { summary: '', recommendation: null }
  const [error, setError] = useState<string | null>(null)
  const save = async (summary: string, recommendation: Recommendation | null) => {
    const ack: Ack<unknown> = await control.send(ControlEvent.setVerdict, { summary, recommendation })
    setError(ack.ok ? null : ack.error)
  }
  return (
    <div className="score-row verdict-form" data-testid="verdict">
      <div className="score-head">
        <strong>Overall</strong>
        <fieldset className="score-buttons verdict-form__choices" aria-label="Recommendation">
          {[...recommendations].reverse().map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={verdict.recommendation === value}
              onClick={() => void save(verdict.summary, verdict.recommendation === value ? null : value)}
            >
              {recommendationLabels[value]}
            </button>
          ))}
        </fieldset>
      </div>
      <textarea
        aria-label="Summary for the report"
        placeholder="Summary for the report: what went well, what to work on"
        maxLength={4000}
        defaultValue={verdict.summary}
        onBlur={(event) => {
          if (event.target.value !== verdict.summary) void save(event.target.value, verdict.recommendation)
        }}
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
