import type { MedianRow } from './aggregate.ts'
import type { TargetResult } from './targets.ts'

/** A figure with its spread over the runs: `median (min–max)`. */
function withSpread(row: MedianRow, field: string, scale = 1, digits = 2): string {
  const spread = row.spread[field]
  if (!spread) return '–'
  const f = (v: number) => (v * scale).toFixed(digits)
  return `${f(spread.median)} (${f(spread.min)}–${f(spread.max)})`
}

/** The step's headline figure: p99, or the scenario's own (lower is better). */
function headline(row: MedianRow): string {
  switch (row.scenario) {
    case 'memory':
      return `${withSpread(row, 'rssPerRoomBytes', 1 / 1024, 0)} KiB/room`
    case 'join':
      return `p95 ${withSpread(row, 'p95Ms')} ms`
    case 'replay':
      return `seek p95 ${withSpread(row, 'seekP95Ms')} ms, open ${withSpread(row, 'openMs', 1, 0)} ms`
    case 'transfer':
      return `${row.page}: ${withSpread(row, 'transferBytes', 1 / 1000, 0)} kB, interactive ${withSpread(row, 'interactiveMs', 1, 0)} ms`
    case 'sim':
      return `${row.requests} requests simulated: ${withSpread(row, 'wallMs', 1, 0)} ms wall, ${withSpread(row, 'cpuMs', 1, 0)} ms CPU`
    default:
      return `p99 ${withSpread(row, 'p99Ms')} ms`
  }
}

/** Prints the medians (with min–max over the runs) and the targets with pass/fail. */
export function printResults(rows: MedianRow[], targets: TargetResult[]): void {
  console.table(
    rows.map((row) => ({
      scenario: row.scenario,
      server: row.processes ? `${row.server} ×${row.processes}` : row.server,
      rooms: row.rooms,
      runs: row.runsMeasured,
      'median (min–max)': headline(row),
      'cpu ms/1k deliveries': withSpread(row, 'serverCpuMsPer1000Deliveries', 1, 1),
      'rss MB': row.rssBytes ? Math.round(row.rssBytes / 1e5) / 10 : '',
    })),
  )
  const show = (v: number | null) => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(2))
  console.table(
    targets.map((t) => ({
      target: t.target,
      roofline: show(t.roofline),
      reference: show(t.reference),
      limit: show(t.limit),
      result: t.pass ? 'pass' : 'FAIL',
    })),
  )
  console.log(`targets passed: ${targets.filter((t) => t.pass).length} of ${targets.length}`)
}
