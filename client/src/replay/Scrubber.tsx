import type { PhaseSegment, TimelineMarker } from '@roofline/shared/replay'
import { useRef } from 'react'
import { formatElapsed } from './replayFormat.ts'

/** Props of the scrubber. */
export interface ScrubberProps {
  start: number
  end: number
  t: number
  segments: readonly PhaseSegment[]
  markers: readonly TimelineMarker[]
  onSeek(t: number): void
}

const MARKER_LABELS: Record<TimelineMarker['kind'], string> = {
  reveal: 'Revealed',
  pin: 'Pinned',
  note: 'Note',
  swap: 'Roles swapped',
  ended: 'Session ended',
}

/**
 * The replay's time bar: the phases as coloured segments (one colour per phase, overtime in
 * red, pauses hatched), markers above it for reveals, pinned results and notes, and the
 * playhead. Click or drag anywhere to seek; arrow keys step 5 s (Shift: 30 s).
 */
export function Scrubber({ start, end, t, segments, markers, onSeek }: ScrubberProps) {
  const bar = useRef<HTMLDivElement>(null)
  const span = Math.max(1, end - start)
  const at = (time: number) => `${(((time - start) / span) * 100).toFixed(3)}%`
  const width = (from: number, to: number) => `${(((to - from) / span) * 100).toFixed(3)}%`

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
        {segments.map((segment) => (
          <div
            key={`${segment.round}-${segment.phaseIndex}-${segment.from}`}
            className={`scrubber-segment phase-${segment.phaseIndex % 4} segment-${segment.status}`}
            style={{ left: at(segment.from), width: width(segment.from, segment.to) }}
            title={`${segment.title}${segment.status === 'running' ? '' : ` (${segment.status})`}`}
            data-testid="phase-segment"
            data-phase-index={segment.phaseIndex}
          />
        ))}
        <div className="scrubber-played" style={{ width: width(start, t) }} />
        <div className="scrubber-head" style={{ left: at(t) }} />
      </div>
    </div>
  )
}
