import type { Seat } from '@roofline/shared'
import { formatElapsed } from './replayFormat.ts'
import { MAX_VOICE_SPEED, type VoicePlayback } from './useReplayVoices.ts'
import { laneJumpTarget, type SpeakerLane } from './voiceLanes.ts'
import '../voice/voice.css'

/** Props of the speaker lanes. */
export interface SpeakerLanesProps {
  start: number
  end: number
  t: number
  lanes: readonly SpeakerLane[]
  onSeek(t: number): void
}

/**
 * One lane per speaker under the scrubber: when each one spoke (from the recorded levels), on
 * the scrubber's time scale. A click on a lane jumps to the speech there (or the next one).
 */
export function SpeakerLanes({ start, end, t, lanes, onSeek }: SpeakerLanesProps) {
  const span = Math.max(1, end - start)
  const pct = (time: number) =>
    `${(((Math.min(end, Math.max(start, time)) - start) / span) * 100).toFixed(3)}%`
  return (
    <div className="speaker-lanes" data-testid="speaker-lanes">
      {lanes.map((lane) => (
        <button
          key={lane.seat}
          type="button"
          className={`speaker-lane lane-${lane.seat}`}
          aria-label={`${lane.name}: jump to their speech (spoke ${formatElapsed(lane.speakingMs)})`}
          title={`${lane.name} spoke ${formatElapsed(lane.speakingMs)} in all. Click to jump to their speech.`}
          data-testid={`speaker-lane-${lane.seat}`}
          onClick={(event) => {
            const rect = event.currentTarget.getBoundingClientRect()
            const fraction = rect.width > 0 ? (event.clientX - rect.left) / rect.width : 0
            onSeek(laneJumpTarget(lane.spans, start + Math.min(1, Math.max(0, fraction)) * span))
          }}
        >
          <span className="speaker-lane-name">{lane.name}</span>
          {lane.spans.map((s) => (
            <span
              key={s.from}
              className="speaker-lane-speech"
              style={{ left: pct(s.from), width: `max(2px, calc(${pct(s.to)} - ${pct(s.from)}))` }}
              data-testid="speech-span"
            />
          ))}
          <span className="speaker-lane-head" style={{ left: pct(t) }} aria-hidden="true" />
        </button>
      ))}
    </div>
  )
}

/** The side panel's voices: each speaker's mute and volume, and what happens at high speed. */
export function VoicesPanel({
  lanes,
  playback,
  speed,
}: {
  lanes: readonly SpeakerLane[]
  playback: VoicePlayback
  speed: number
}) {
  const mixOf = (seat: Seat) => playback.mix[seat] ?? { muted: false, volume: 1 }
  return (
    <section className="panel-section voices-panel" aria-label="Voices">
      <h3>Voices</h3>
      {!playback.loaded && <p className="panel-hint">Loading the voices…</p>}
      {speed > MAX_VOICE_SPEED && (
        <p className="panel-hint" role="status" data-testid="voices-silent">
          Voices play up to {MAX_VOICE_SPEED}×; at {speed}× the replay is silent.
        </p>
      )}
      <ul className="voices-mix">
        {lanes.map((lane) => {
          const mix = mixOf(lane.seat)
          return (
            <li key={lane.seat}>
              <label className="voices-mute">
                <input
                  type="checkbox"
                  checked={!mix.muted}
                  onChange={(event) => playback.setMix(lane.seat, { muted: !event.target.checked })}
                  data-testid={`voice-on-${lane.seat}`}
                />{' '}
                <span className={`voices-swatch lane-${lane.seat}`} aria-hidden="true" /> {lane.name}
              </label>
              <input
                type="range"
                min={0}
                max={1}
                step={0.05}
                value={mix.volume}
                disabled={mix.muted}
                aria-label={`${lane.name}'s volume`}
                onChange={(event) => playback.setMix(lane.seat, { volume: Number(event.target.value) })}
                data-testid={`voice-volume-${lane.seat}`}
              />
            </li>
          )
        })}
      </ul>
    </section>
  )
}
