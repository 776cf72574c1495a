import {
  type Ack,
  ControlEvent,
  formatClock,
  type PrivateState,
  type Seat,
  sessionLink,
} from '@roofline/shared'
import { type RefObject, useState } from 'react'
import { CopyButton } from '../board/CopyButton.tsx'
import type { ControlConnection } from '../net/controlConnection.ts'
import type { RevealedCardText } from './revealedCards.ts'
import { VerdictForm } from './VerdictForm.tsx'
import { WorkedFigures } from './WorkedFigures.tsx'
import './session.css'
import './sessionPanel.css'

/** Shows an acknowledgement's error beside the control that caused it. */
function useAckError() {
  const [error, setError] = useState<string | null>(null)
  const track = async (pending: Promise<Ack<unknown>>) => {
    const ack = await pending
    setError(ack.ok ? null : ack.error)
    return ack
  }
  return { error, track }
}

/**
 * What only the interviewer sees: the hidden constraints (clarifying answers) and cards, each
 * with a button that reveals it to everyone and places it on the board; once revealed, a
 * button places it on the board again (a card that was deleted or moved out of sight).
 */
export function HiddenMaterial({
  material,
  control,
  onRevealed,
}: {
  material: PrivateState
  control: ControlConnection
  onRevealed(item: RevealedCardText): void
}) {
  const { error, track } = useAckError()
  const reveal = async (item: RevealedCardText, revealed: boolean) => {
    if (revealed) return onRevealed(item)
    const ack = await track(control.send(ControlEvent.reveal, { itemId: item.itemId }))
    if (ack.ok) onRevealed(item)
  }
  return (
    <section className="panel-section" aria-label="Hidden material">
      <h3>Clarifying questions</h3>
      <p className="panel-hint">Only you see the answers until you reveal one.</p>
      <ul className="hidden-list">
        {material.clarifyingQuestions.map((q) => (
          <li key={q.id} data-testid={`hidden-${q.id}`}>
            <div>
              <strong>{q.question}</strong>
              <p>{q.answer}</p>
              <WorkedFigures checks={material.checks} itemId={q.id} />
            </div>
            <RevealButton
              revealed={q.revealed}
              onClick={() => reveal({ itemId: q.id, title: q.question, body: q.answer }, q.revealed)}
            />
          </li>
        ))}
      </ul>
      <h3>Cards</h3>
      <ul className="hidden-list">
        {material.cards.map((card) => (
          <li key={card.id} data-testid={`hidden-${card.id}`} className={`kind-${card.kind}`}>
            <div>
              <span className="card-kind">{card.kind.replace('-', ' ')}</span>
              <strong>{card.title}</strong>
              <p>{card.body}</p>
              <WorkedFigures checks={material.checks} itemId={card.id} />
            </div>
            <RevealButton
              revealed={card.revealed}
              onClick={() => reveal({ itemId: card.id, title: card.title, body: card.body }, card.revealed)}
            />
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}

function RevealButton({ revealed, onClick }: { revealed: boolean; onClick(): void }) {
  return revealed ? (
    <span className="revealed-actions">
      <span className="revealed-tag">Revealed</span>
      <button
        type="button"
        className="button secondary small"
        onClick={onClick}
        title="Place this card on the board again (locked; unlock it from the shape's menu to move it)"
      >
        Place on board again
      </button>
    </span>
  ) : (
    <button type="button" className="button secondary" onClick={onClick}>
      Reveal
    </button>
  )
}

/** The scorecard: each rubric criterion scored 1–4 with a comment, saved as it changes. */
export function Scorecard({ material, control }: { material: PrivateState; control: ControlConnection }) {
  const { error, track } = useAckError()
  return (
    <section className="panel-section" aria-label="Scorecard">
      <h3>Scorecard</h3>
      {material.rubric.map((item) => {
        const current = material.scores[item.id]
        const save = (score: number | null, comment: string) =>
          void track(control.send(ControlEvent.setScore, { criterionId: item.id, score, comment }))
        return (
          <div key={item.id} className="score-row" data-testid={`score-${item.id}`}>
            <div className="score-head">
              <strong title={`Strong: ${item.strong}\nFailure mode: ${item.failure}`}>{item.title}</strong>
              <fieldset className="score-buttons" aria-label={`Score for ${item.title}`}>
                {[1, 2, 3, 4].map((value) => (
                  <button
                    key={value}
                    type="button"
                    aria-pressed={current?.score === value}
                    onClick={() => save(current?.score === value ? null : value, current?.comment ?? '')}
                  >
                    {value}
                  </button>
                ))}
              </fieldset>
            </div>
            <details>
              <summary>Signals</summary>
              <p>
                <b>Strong:</b> {item.strong}
              </p>
              <p>
                <b>Failure mode:</b> {item.failure}
              </p>
              <WorkedFigures checks={material.checks} itemId={item.id} />
            </details>
            <textarea
              aria-label={`Comment on ${item.title}`}
              placeholder="Comment"
              defaultValue={current?.comment ?? ''}
              onBlur={(event) => {
                if (event.target.value !== (current?.comment ?? ''))
                  save(current?.score ?? null, event.target.value)
              }}
            />
          </div>
        )
      })}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <VerdictForm material={material} control={control} />
    </section>
  )
}

/** Private notes, each stamped with the session clock by the server, oldest first. */
export function NotesList({ material }: { material: PrivateState }) {
  return (
    <section className="panel-section" aria-label="Notes">
      <h3>Notes</h3>
      {material.notes.length === 0 && <p className="panel-hint">No notes yet: write one in the box below.</p>}
      <ol className="notes">
        {material.notes.map((note) => (
          <li key={note.id}>
            <span className="note-time">{formatClock(note.sessionClockMs, 'down')}</span> {note.text}
          </li>
        ))}
      </ol>
    </section>
  )
}

/**
 * The box a private note is written in, kept at the foot of the panel whatever tab is open;
 * `shortcut` (shown beside it) focuses it from anywhere. Ctrl/Cmd+Enter adds the note.
 */
export function NoteComposer({
  control,
  inputRef,
  shortcut,
  count,
}: {
  control: ControlConnection
  inputRef: RefObject<HTMLTextAreaElement | null>
  shortcut: string
  count: number
}) {
  const [text, setText] = useState('')
  const { error, track } = useAckError()
  const add = async () => {
    if (!text.trim()) return
    const ack = await track(control.send(ControlEvent.addNote, { text }))
    if (ack.ok) setText('')
  }
  return (
    <form
      className="note-form note-dock"
      aria-label="Add a note"
      onSubmit={(event) => {
        event.preventDefault()
        void add()
      }}
    >
      <textarea
        ref={inputRef}
        aria-label="New note"
        aria-keyshortcuts={shortcut}
        placeholder="Note (stamped with the session clock)"
        value={text}
        rows={2}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void add()
        }}
      />
      <div className="note-dock__row">
        <span className="note-dock__hint">
          <kbd>{shortcut}</kbd> write · <kbd>Ctrl+Enter</kbd> add · {count} {count === 1 ? 'note' : 'notes'}
        </span>
        <button type="submit" className="button secondary small">
          Add note
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}

/**
 * Replaces the link of another seat (say, a candidate link that was forwarded by mistake):
 * the old link stops working at once, its open connections close, and the new one is shown.
 */
export function LinksPanel({
  sessionId,
  seats,
  control,
}: {
  sessionId: string
  seats: Array<{ seat: Seat; label: string }>
  control: ControlConnection
}) {
  const { error, track } = useAckError()
  const [fresh, setFresh] = useState<Partial<Record<Seat, string>>>({})
  const rotate = async (seat: Seat) => {
    const ack = await track(control.send(ControlEvent.rotateLink, { seat }))
    if (!ack.ok) return
    const { token } = ack.value as { token: string }
    setFresh((previous) => ({ ...previous, [seat]: sessionLink(window.location.origin, sessionId, token) }))
  }
  return (
    <section className="panel-section" aria-label="Links">
      <h3>Links</h3>
      <p className="panel-hint">A new link revokes the old one at once.</p>
      {seats.map(({ seat, label }) => (
        <div key={seat} className="rotate-row">
          <span>{label}</span>
          {fresh[seat] ? (
            <CopyButton text={() => fresh[seat] ?? ''} label="Copy new link" />
          ) : (
            <button type="button" className="button secondary" onClick={() => void rotate(seat)}>
              New link
            </button>
          )}
        </div>
      ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
