import type { PhaseSegment, TimelineMarker } from '@roofline/shared/replay'
import { type ReactNode, useRef } from 'react'
import { formatElapsed } from './replayFormat.ts'
import './replay.css'

/** Props of the scrubber. */
export interface ScrubberProps {
  start: number
  end: number
  t: number
  segments: readonly PhaseSegment[]
  markers: readonly TimelineMarker[]
  onSeek(t: number): void
  /** Rows on the bar's time scale under it (the replay's speaker lanes). */
  children?: ReactNode
}

const MARKER_LABELS: Record<TimelineMarker['kind'], string> = {
  reveal: 'Revealed',
  pin: 'Pinned',
  note: 'Note',
  swap: 'Roles swapped',
  ended: 'Session ended',
}

/**
 * The replay's time bar: the phases as coloured, labelled segments (one colour per phase,
 * overtime in red, pauses hatched; the stretch before the timer started says so), markers
 * above it for reveals, pinned results and notes, the playhead, and a legend below. Click or
 * drag anywhere to seek; arrow keys step 5 s (Shift: 30 s).
 */
export function Scrubber({ start, end, t, segments, markers, onSeek, children }: ScrubberProps) {
  const bar = useRef<HTMLDivElement>(null)
  const span = Math.max(1, end - start)
  const at = (time: number) => `${(((time - start) / span) * 100).toFixed(3)}%`
  const width = (from: number, to: number) => `${(((to - from) / span) * 100).toFixed(3)}%`

  // Before the first phase the board was already recorded: a stretch of its own, not a gap.
  const timerFrom = segments[0]?.from ?? end
  const legend = [...new Map(segments.map((s) => [s.phaseIndex, s.title])).entries()]
  const statuses = new Set(segments.map((s) => s.status))

  const seekToPointer = (clientX: number) => {
    const rect = bar.current?.getBoundingClientRect()
    if (!rect || rect.width === 0) return
    const fraction = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width))
    onSeek(start + fraction * span)
  }

  return (
    <div className="scrubber" data-testid="scrubber">
      <div className="scrubber-markers">
        {markers.map((marker) => (
          <button
            key={marker.id}
            type="button"
            className={`scrubber-marker marker-${marker.kind}`}
            style={{ left: at(marker.at) }}
            title={`${MARKER_LABELS[marker.kind]} at ${formatElapsed(marker.at - start)}: ${marker.label}`}
            aria-label={`${MARKER_LABELS[marker.kind]}: ${marker.label}`}
            data-testid={`marker-${marker.kind}`}
            onClick={() => onSeek(marker.at)}
          />
        ))}
      </div>
      <div
        ref={bar}
        className="scrubber-bar"
        role="slider"
        tabIndex={0}
        aria-label="Replay position"
        aria-valuemin={0}
        aria-valuemax={Math.round(span / 1000)}
        aria-valuenow={Math.round((t - start) / 1000)}
        aria-valuetext={formatElapsed(t - start)}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId)
          seekToPointer(event.clientX)
        }}
        onPointerMove={(event) => {
          if (event.currentTarget.hasPointerCapture(event.pointerId)) seekToPointer(event.clientX)
        }}
        onKeyDown={(event) => {
          const step = event.shiftKey ? 30_000 : 5_000
          if (event.key === 'ArrowRight') onSeek(t + step)
          else if (event.key === 'ArrowLeft') onSeek(t - step)
          else if (event.key === 'Home') onSeek(start)
          else if (event.key === 'End') onSeek(end)
          else return
          event.preventDefault()
        }}
      >
        {timerFrom > start && (
          <div
            className="scrubber-segment segment-before"
            style={{ left: 0, width: width(start, timerFrom) }}
            title={segments.length > 0 ? 'Before the timer started' : 'The timer was never started'}
            data-testid="before-timer"
          >
            {segments.length > 0 ? 'Before the timer' : 'Timer not started'}
          </div>
        )}
        {segments.map((segment) => (
          <div
            key={`${segment.round}-${segment.phaseIndex}-${segment.from}`}
            className={`scrubber-segment phase-${segment.phaseIndex % 4} segment-${segment.status}`}
            style={{ left: at(segment.from), width: width(segment.from, segment.to) }}
            title={`${segment.title}${segment.status === 'running' ? '' : ` (${segment.status})`}`}
            data-testid="phase-segment"
            data-phase-index={segment.phaseIndex}
          >
            {segment.status === 'running' ? segment.title : ''}
          </div>
        ))}
        <div className="scrubber-played" style={{ width: width(start, t) }} />
        <div className="scrubber-head" style={{ left: at(t) }} />
      </div>
      {children}
      <ul className="scrubber-legend" aria-label="Legend">
        {timerFrom > start && segments.length > 0 && (
          <li>
            <span className="swatch segment-before" /> Before the timer
          </li>
        )}
        {legend.map(([phaseIndex, title]) => (
          <li key={phaseIndex}>
            <span className={`swatch phase-${phaseIndex % 4} segment-running`} /> {phaseIndex + 1}. {title}
          </li>
        ))}
        {statuses.has('paused') && (
          <li>
            <span className="swatch phase-0 segment-paused" /> Paused
          </li>
        )}
        {statuses.has('overtime') && (
          <li>
            <span className="swatch segment-overtime" /> Overtime
          </li>
        )}
        {(Object.keys(MARKER_LABELS) as Array<TimelineMarker['kind']>)
          .filter((kind) => markers.some((m) => m.kind === kind))
          .map((kind) => (
            <li key={kind}>
              <span className={`swatch-marker scrubber-marker marker-${kind}`} /> {MARKER_LABELS[kind]}
            </li>
          ))}
      </ul>
    </div>
  )
}
