import type { SessionTimeline } from '@roofline/shared/replay'
import { formatElapsed } from './replayFormat.ts'
import { Scrubber } from './Scrubber.tsx'
import { SpeakerLanes } from './SpeakerLanes.tsx'
import { type ReplayPlayer, replaySpeeds } from './useReplayPlayer.ts'
import type { SpeakerLane } from './voiceLanes.ts'
import './replay.css'

/** Play, pause, speed, idle skipping, the time and the scrubber. */
export function ReplayTransport({
  player,
  timeline,
  lanes,
}: {
  player: ReplayPlayer
  timeline: SessionTimeline
  lanes: readonly SpeakerLane[]
}) {
  return (
    <section className="replay-transport" aria-label="Playback">
      <button
        type="button"
        className="button primary replay-play"
        onClick={player.playing ? player.pause : player.play}
        data-testid="replay-play"
      >
        {player.playing ? 'Pause' : 'Play'}
      </button>
      <span className="replay-time" data-testid="replay-time">
        {formatElapsed(player.t - timeline.start)} / {formatElapsed(timeline.end - timeline.start)}
      </span>
      <span className="replay-speed">
        <label htmlFor="replay-speed">Speed</label>
        <select
          id="replay-speed"
          value={player.speed}
          onChange={(event) => player.setSpeed(Number(event.target.value) as ReplayPlayer['speed'])}
          data-testid="replay-speed"
        >
          {replaySpeeds.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </span>
      <label className="replay-skip" title="Stretches over 5 s without any activity (or speech) play in 1 s">
        <input
          type="checkbox"
          checked={player.skipIdle}
          onChange={(event) => player.setSkipIdle(event.target.checked)}
        />{' '}
        Skip idle gaps
      </label>
      <Scrubber
        start={timeline.start}
        end={timeline.end}
        t={player.t}
        segments={timeline.segments}
        markers={timeline.markers}
        onSeek={player.seek}
      >
        {lanes.length > 0 && (
          <SpeakerLanes
            start={timeline.start}
            end={timeline.end}
            t={player.t}
            lanes={lanes}
            onSeek={player.seek}
          />
        )}
      </Scrubber>
    </section>
  )
}
