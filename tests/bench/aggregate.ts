import type { BenchRow } from './scenarios.ts'
import { median, round } from './stats.ts'

/** A figure over several runs: the median is the figure judged, min and max show the spread. */
export interface Spread {
  median: number
  min: number
  max: number
  /** The runs that measured the figure (fewer than the runs when windows were discarded). */
  runs: number
}

/**
 * A row of the published results: every numeric figure of the step is the median over the
 * runs (so the row reads like one run's), `spread` holds median, min and max per figure, and
 * `perRun` each run's own row, untouched.
 */
export interface MedianRow extends BenchRow {
  runsMeasured: number
  spread: Record<string, Spread>
  perRun: BenchRow[]
}

/** What identifies a step across runs: scenario, server, size, processes and page. */
export function stepKey(row: BenchRow): string {
  return [row.scenario, row.server, row.rooms, row.processes ?? 1, row.page ?? ''].join('|')
}

/**
 * Pools the rows of several runs step by step: numeric figures become their median over the
 * runs that measured them (a run whose figure is null, e.g. every window discarded, does not
 * count); other fields are taken from the first run.
 */
export function medianOverRuns(runs: BenchRow[][]): MedianRow[] {
  const groups = new Map<string, BenchRow[]>()
  for (const row of runs.flat()) {
    const key = stepKey(row)
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  return [...groups.values()].map((rows) => {
    const [first] = rows as [BenchRow, ...BenchRow[]]
    const spread: Record<string, Spread> = {}
    const pooled: BenchRow = { ...first }
    for (const [field, value] of Object.entries(first)) {
      if (typeof value !== 'number' && value !== null) continue
      const values = rows.map((r) => r[field]).filter((v): v is number => typeof v === 'number')
      if (values.length === 0) continue
      const mid = median(values)
      pooled[field] = Number.isInteger(mid) ? mid : round(mid)
      spread[field] = { median: mid, min: Math.min(...values), max: Math.max(...values), runs: values.length }
    }
    return { ...pooled, runsMeasured: rows.length, spread, perRun: rows }
  })
}
