import { formatClock } from '@roofline/shared'
import type { PrivateRound } from '@roofline/shared/replay'
import '../session/session.css'
import './replay.css'

/** The interviewer's notes with their session-clock stamps; a click jumps to the moment. */
export function PrivateNotes({
  rounds,
  at,
  onSeek,
}: {
  rounds: PrivateRound[]
  at: number
  onSeek(t: number): void
}) {
  const notes = rounds.flatMap((round) => round.notes)
  return (
    <section className="panel-section" aria-label="Notes">
      <h3>Interviewer notes</h3>
      {notes.length === 0 && <p className="panel-hint">No notes.</p>}
      <ol className="notes replay-notes">
        {notes.map((note) => (
          <li key={note.id} className={note.at <= at ? 'past' : ''}>
            <button type="button" onClick={() => onSeek(note.at)} data-testid="replay-note">
              <span className="note-time">{formatClock(note.sessionClockMs, 'down')}</span> {note.text}
            </button>
          </li>
        ))}
      </ol>
    </section>
  )
}

/** The scorecard as the interviewer left it. */
export function PrivateScores({ rounds }: { rounds: PrivateRound[] }) {
  return (
    <section className="panel-section" aria-label="Scorecard">
      <h3>Scorecard</h3>
      {rounds.map((round) => (
        <div key={round.round}>
          {rounds.length > 1 && <h4>Round {round.round}</h4>}
          <table className="replay-scores">
            <tbody>
              {round.rubric.map((item) => (
                <tr key={item.id}>
                  <th scope="row">{item.title}</th>
                  <td className="replay-score">{round.scores[item.id]?.score ?? '–'}</td>
                  <td>{round.scores[item.id]?.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  )
}
