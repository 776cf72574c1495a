import { formatClock, type TimerState, timerView } from '@roofline/shared'
import { useEffect, useRef, useState } from 'react'
import { useNow } from '../useNow.ts'
import { TimerPhase } from './TimerPhase.tsx'
import './session.css'

/** Plays a short two-tone chime with Web Audio (no file to fetch). */
function chime() {
  try {
    const audio = new AudioContext()
    for (const [index, frequency] of [660, 880].entries()) {
      const oscillator = audio.createOscillator()
      const gain = audio.createGain()
      oscillator.frequency.value = frequency
      gain.gain.setValueAtTime(0.12, audio.currentTime + index * 0.18)
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + index * 0.18 + 0.25)
      oscillator.connect(gain).connect(audio.destination)
      oscillator.start(audio.currentTime + index * 0.18)
      oscillator.stop(audio.currentTime + index * 0.18 + 0.3)
    }
  } catch {
    // No audio device: the visual cue is enough.
  }
}

/**
 * The phase timer, readable at a glance: phase k of n and its title, time left in the phase,
 * overall time left, and overtime in red. Computed from the server's state at the server's
 * time (local clock plus the measured offset), so every participant shows the same second.
 * A phase change flashes the timer and, if sound is on, chimes.
 */
export function TimerDisplay({ timer, clockOffset }: { timer: TimerState; clockOffset: number }) {
  const now = useNow()
  const serverNow = now + clockOffset
  const view = timerView(timer, serverNow)
  const [sound, setSound] = useState(false)
  const [flash, setFlash] = useState(false)
  const lastPhase = useRef(view.phaseIndex)

  useEffect(() => {
    if (view.phaseIndex === lastPhase.current) return
    lastPhase.current = view.phaseIndex
    setFlash(true)
    if (sound) chime()
    const timeout = setTimeout(() => setFlash(false), 2500)
    return () => clearTimeout(timeout)
  }, [view.phaseIndex, sound])

  const overtime = view.overtimeMs > 0

  return (
    <div
      className={`timer ${overtime ? 'timer-overtime' : ''} ${flash ? 'timer-flash' : ''} timer-${view.status}`}
      data-testid="timer"
      data-phase-index={view.phaseIndex}
      data-status={view.status}
      data-phase-left-ms={view.phaseLeftMs}
      data-server-now={Math.round(serverNow)}
      data-clock-offset={Math.round(clockOffset)}
    >
      <TimerPhase view={view} />
      {view.status === 'stopped' ? (
        // Ended: nothing is left to count down; what stays true is how long the interview ran.
        <div className="timer-clocks">
          <span className="timer-main" data-testid="timer-final" title="How long the interview ran">
            {formatClock(view.sessionElapsedMs, 'down')}
          </span>
          <span className="timer-overall">final time</span>
        </div>
      ) : (
        <div className="timer-clocks">
          {overtime ? (
            <span className="timer-main" data-testid="timer-overtime">
              +{formatClock(view.overtimeMs, 'down')}
            </span>
          ) : (
            <span className="timer-main" data-testid="timer-phase-left">
              {formatClock(view.phaseLeftMs)}
            </span>
          )}
          <span className="timer-overall" title="Time left overall">
            {formatClock(view.overallLeftMs)} left
          </span>
          <button
            type="button"
            className="timer-sound"
            onClick={() => setSound(!sound)}
            aria-pressed={sound}
            title={sound ? 'Chime at phase changes: on' : 'Chime at phase changes: off'}
          >
            {sound ? 'Chime on' : 'Chime off'}
          </button>
        </div>
      )}
    </div>
  )
}
