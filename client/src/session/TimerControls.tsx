import { type Ack, ControlEvent, type TimerCommand, type TimerState } from '@roofline/shared'
import './session.css'

/** Which commands make sense in each timer status (the server checks again). */
const AVAILABLE: Record<TimerState['status'], TimerCommand[]> = {
  idle: ['start'],
  running: ['pause', 'back', 'skip', 'extend', 'reset'],
  paused: ['resume', 'back', 'skip', 'extend', 'reset'],
  stopped: [],
}

const LABELS: Record<TimerCommand, string> = {
  start: 'Start',
  pause: 'Pause',
  resume: 'Resume',
  back: '◀ Back',
  skip: 'Next ▶',
  extend: '+5 min',
  reset: 'Reset',
  stop: 'Stop',
}

/** The interviewer's timer buttons. */
export function TimerControls({
  timer,
  send,
}: {
  timer: TimerState
  send(event: typeof ControlEvent.timerCommand, payload: { command: TimerCommand }): Promise<Ack<unknown>>
}) {
  return (
    <div className="timer-controls" role="toolbar" aria-label="Timer controls">
      {AVAILABLE[timer.status].map((command) => (
        <button
          key={command}
          type="button"
          className={`button ${command === 'start' || command === 'resume' ? 'primary' : 'secondary'}`}
          onClick={() => void send(ControlEvent.timerCommand, { command })}
        >
          {LABELS[command]}
        </button>
      ))}
    </div>
  )
}
