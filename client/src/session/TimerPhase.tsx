import type { TimerView } from '@roofline/shared'
import './session.css'

const statusLabels = { idle: 'Not started', running: '', paused: 'Paused', stopped: 'Ended' } as const

/**
 * The phase line of a timer: phase k of n, its title (its goal on hover) and the status when
 * the timer is not running. Shared by the live timer and the replay's timer.
 */
export function TimerPhase({ view }: { view: TimerView }) {
  const status = statusLabels[view.status]
  return (
    <div className="timer-phase">
      <span className="timer-step">
        {view.phaseIndex + 1}/{view.phaseCount}
      </span>
      <span className="timer-title" title={view.phase.goal}>
        {view.phase.title}
      </span>
      {status && <span className="timer-status">{status}</span>}
    </div>
  )
}
