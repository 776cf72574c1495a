import { simCardShapeType } from '@roofline/shared'
import type { BoardRecord } from '@roofline/shared/sim'
import { useEffect, useRef, useState } from 'react'
import type { Editor, TLShapeId } from 'tldraw'
import { pinCard } from '../calc/pinCard.ts'
import { useRoom } from '../room/RoomProvider.tsx'
import { simCardHeight } from './SimCardSvg.tsx'
import { SimChartSvg } from './SimChartSvg.tsx'
import type { SimDocState } from './simDoc.ts'
import { defaultSettings, type LocalRun, type RunnableCard, type RunSettings, startRun } from './startRun.ts'
import { useSimDoc } from './useSimDoc.ts'
import './sim.css'

const CARD_W = 640

/** The settings' fields: label, key, bounds of the input. */
const FIELDS: ReadonlyArray<{ key: keyof RunSettings; label: string; min: number; step: number }> = [
  { key: 'arrivalRate', label: 'Requests/s', min: 0, step: 1 },
  { key: 'seconds', label: 'Seconds', min: 1, step: 1 },
  { key: 'promptTokens', label: 'Prompt tokens', min: 1, step: 1 },
  { key: 'outputTokens', label: 'Output tokens', min: 1, step: 1 },
  { key: 'seed', label: 'Seed', min: 0, step: 1 },
]

/**
 * The session panel's Simulate tab. The interviewer picks a revealed stress card that carries a
 * perturbation, sets the load and presses Run: the drawing is read, the inputs and seed go into
 * the room, and this browser's Web Worker runs it, with a progress bar and Cancel. Everyone
 * (candidate, observer, the replay) sees the progress and the result from the room: what broke
 * first, the figures and the charts, which anyone who can draw can pin to the board.
 */
export function SimulatePanel({
  cards,
}: {
  /** Revealed stress cards that can be run: the interviewer's; empty for everyone else. */
  cards: readonly RunnableCard[]
}) {
  const { doc, readOnly, userName, editor } = useRoom()
  const getEditor = () => editor
  const state = useSimDoc(doc)
  const [local, setLocal] = useState<LocalRun | null>(null)
  const localRef = useRef<LocalRun | null>(null)
  localRef.current = local
  // A run this browser drives stops with the page (its worker would go on with nobody to write).
  useEffect(() => () => localRef.current?.cancel(), [])

  const run = (card: RunnableCard, settings: RunSettings) => {
    const editor = getEditor()
    if (!doc || !editor) return
    const records = editor.store.allRecords() as unknown as BoardRecord[]
    // A drawing that cannot run ends the run before startRun returns: then nothing is running.
    let ended = false
    const started = startRun(doc, records, card, settings, userName, () => {
      ended = true
      setLocal(null)
    })
    if (!ended) setLocal(started)
  }

  // A read-only view (an observer, the replay) with nothing run has nothing to show.
  if (readOnly && cards.length === 0 && !state.run) return null
  return (
    <div className="sim-panel" data-testid="sim-panel">
      {cards.length > 0 && <RunForm cards={cards} busy={local !== null || !doc} onRun={run} />}
      {cards.length === 0 && !state.run && (
        <p className="sim-empty">
          Nothing has been simulated yet. When the interviewer reveals a stress card that changes the load,
          the GPUs or the outputs, they can run the drawn design under it here, and you both see what breaks
          first.
        </p>
      )}
      <RunStatus
        state={state}
        running={local}
        canRun={cards.length > 0}
        readOnly={readOnly}
        userName={userName}
        getEditor={getEditor}
      />
    </div>
  )
}

function RunForm({
  cards,
  busy,
  onRun,
}: {
  cards: readonly RunnableCard[]
  busy: boolean
  onRun(card: RunnableCard, settings: RunSettings): void
}) {
  const [cardId, setCardId] = useState(cards[cards.length - 1]?.id ?? '')
  const card = cards.find((c) => c.id === cardId) ?? cards[cards.length - 1]
  const [settings, setSettings] = useState<RunSettings>(() => defaultSettings(card))
  // A newly revealed card becomes the one to run, with a length that covers its perturbation.
  const newest = cards[cards.length - 1]?.id
  useEffect(() => {
    if (!newest) return
    setCardId(newest)
    const fresh = defaultSettings(cards.find((c) => c.id === newest))
    setSettings((s) => ({ ...s, seconds: fresh.seconds }))
  }, [newest, cards])
  const valid = FIELDS.every(({ key, min }) => Number.isFinite(settings[key]) && settings[key] >= min)
  return (
    <form
      className="sim-form"
      aria-label="Run a simulation"
      onSubmit={(event) => {
        event.preventDefault()
        if (card && valid && !busy) onRun(card, settings)
      }}
    >
      <label className="sim-card-choice">
        Stress card
        <select value={card?.id} onChange={(event) => setCardId(event.target.value)}>
          {cards.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </label>
      <div className="sim-fields">
        {FIELDS.map(({ key, label, min, step }) => (
          <label key={key}>
            {label}
            <input
              type="number"
              min={min}
              step={step}
              value={Number.isFinite(settings[key]) ? settings[key] : ''}
              onChange={(event) => setSettings((s) => ({ ...s, [key]: event.target.valueAsNumber }))}
            />
          </label>
        ))}
      </div>
      <button type="submit" className="button primary" disabled={!card || !valid || busy}>
        Run
      </button>
    </form>
  )
}

function RunStatus({
  state,
  running,
  canRun,
  readOnly,
  userName,
  getEditor,
}: {
  state: SimDocState
  running: LocalRun | null
  /** Whether this person can start runs (the interviewer). */
  canRun: boolean
  readOnly: boolean
  userName: string
  getEditor(): Editor | null
}) {
  const { run, outcome, progress } = state
  if (!run) return null
  const mine = running?.runId === run.id
  return (
    <section className="sim-run" aria-label="Simulation run" data-testid="sim-run" data-run-id={run.id}>
      <h3>{run.title}</h3>
      <p className="sim-subtitle">
        {run.subtitle} · run by {run.startedBy}
      </p>
      {!outcome && (
        <div className="sim-progress">
          <div
            role="progressbar"
            aria-label="Simulation progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress * 100)}
          >
            <span style={{ width: `${Math.round(progress * 100)}%` }} />
          </div>
          <span>{Math.round(progress * 100)}%</span>
          {mine && (
            <button type="button" className="button secondary small" onClick={() => running?.cancel()}>
              Cancel
            </button>
          )}
        </div>
      )}
      {!outcome && !mine && canRun && (
        // Its browser computes it: if that browser closed, nobody will finish it.
        <p className="sim-note">Running in another browser of yours; Run here replaces it.</p>
      )}
      {outcome?.kind === 'cancelled' && <p className="sim-note">Cancelled by {outcome.by}.</p>}
      {outcome?.kind === 'error' && (
        <div className="sim-error" role="alert">
          <p>{outcome.message}</p>
          {outcome.shapeId && (
            <button
              type="button"
              className="button secondary small"
              onClick={() => showShape(getEditor(), outcome.shapeId as TLShapeId)}
            >
              Show on board
            </button>
          )}
        </div>
      )}
      {outcome?.kind === 'done' && (
        <>
          <p className="sim-broke" data-broke={outcome.summary.broke} data-testid="sim-broke-first">
            <strong>What broke first:</strong> {outcome.summary.brokeFirst}
          </p>
          <dl className="sim-figures" data-testid="sim-figures">
            {outcome.summary.figures.map((figure) => (
              <div key={figure.label}>
                <dt>{figure.label}</dt>
                <dd>{figure.text}</dd>
              </div>
            ))}
          </dl>
          <div className="sim-charts">
            {outcome.summary.charts.map((chart) => (
              <svg
                key={chart.title}
                viewBox="0 0 320 132"
                role="img"
                aria-label={`${chart.title} (${chart.unit}) over time`}
                data-testid="sim-chart"
              >
                <SimChartSvg chart={chart} x={0} y={0} w={320} h={132} />
              </svg>
            ))}
          </div>
          {outcome.summary.notes.length > 0 && (
            <details className="sim-notes">
              <summary>What the run assumed</summary>
              <ul>
                {outcome.summary.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </details>
          )}
          {!readOnly && (
            <button
              type="button"
              className="button secondary small"
              onClick={() => {
                const editor = getEditor()
                if (!editor) return
                const { figures, charts, brokeFirst } = outcome.summary
                pinCard(editor, simCardShapeType, {
                  w: CARD_W,
                  h: simCardHeight(figures.length, charts.length),
                  title: run.title,
                  subtitle: run.subtitle,
                  brokeFirst,
                  figures,
                  charts,
                  pinnedBy: userName.slice(0, 80),
                })
              }}
            >
              Pin to board
            </button>
          )}
        </>
      )}
    </section>
  )
}

/** Selects the shape a message names and brings it into view. */
function showShape(editor: Editor | null, id: TLShapeId): void {
  if (!editor?.getShape(id)) return
  editor.select(id)
  editor.zoomToSelection({ animation: { duration: 200 } })
}
