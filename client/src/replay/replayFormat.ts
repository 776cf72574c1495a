import { formatClock } from '@roofline/shared'

/** Elapsed time on the replay's own clock, like a stopwatch: `m:ss`, or `h:mm:ss` from an hour. */
export function formatElapsed(ms: number): string {
  return formatClock(Math.max(0, ms), 'down')
}

/** A date and time in the reader's locale, e.g. "12 Mar 2026, 14:05". */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** A duration in whole minutes for lists: "42 min", "1 h 05 min", "< 1 min". */
export function formatMinutes(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  if (minutes < 1) return '< 1 min'
  if (minutes < 60) return `${minutes} min`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}
