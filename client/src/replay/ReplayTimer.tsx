import { formatClock, type TimerState, timerView } from '@roofline/shared'
import { TimerPhase } from '../session/TimerPhase.tsx'
import '../session/session.css'

/** The phase timer as it stood at the playhead. */
export function ReplayTimer({ timer, at }: { timer: TimerState; at: number }) {
  const view = timerView(timer, at)
  const overtime = view.overtimeMs > 0
  return (
    <div
      className={`timer ${overtime ? 'timer-overtime' : ''} timer-${view.status}`}
      data-testid="replay-timer"
      data-phase-index={view.phaseIndex}
      data-status={view.status}
    >
      <TimerPhase view={view} />
      <div className="timer-clocks">
        <span className="timer-main">
          {overtime ? `+${formatClock(view.overtimeMs, 'down')}` : formatClock(view.phaseLeftMs)}
        </span>
        <span className="timer-overall">{formatClock(view.overallLeftMs)} left</span>
      </div>
    </div>
  )
}
