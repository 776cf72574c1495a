import { describe, expect, it } from 'vitest'
import { type MedianRow, medianOverRuns } from './aggregate.ts'
import { GcTrace } from './gcTrace.ts'
import type { BenchRow } from './scenarios.ts'
import { judgeTargets } from './targets.ts'

const row = (
  server: string,
  rooms: number,
  p99Ms: number | null,
  extra: Partial<BenchRow> = {},
): BenchRow => ({
  scenario: 'fan-out',
  server,
  rooms,
  clients: rooms * 3,
  p50Ms: null,
  p95Ms: null,
  p99Ms,
  updatesPerSecond: null,
  rssBytes: 100,
  ...extra,
})

describe('medianOverRuns', () => {
  it('takes the median, min and max of each figure over the runs and keeps every run', () => {
    const [pooled] = medianOverRuns([
      [row('roofline', 50, 9)],
      [row('roofline', 50, 30)],
      [row('roofline', 50, 7)],
    ])
    expect(pooled?.p99Ms).toBe(9)
    expect(pooled?.spread.p99Ms).toEqual({ median: 9, min: 7, max: 30, runs: 3 })
    expect(pooled?.perRun.map((r) => r.p99Ms)).toEqual([9, 30, 7])
    expect(pooled?.runsMeasured).toBe(3)
  })

  it('leaves out a run whose figure is missing, and keeps steps of different sizes apart', () => {
    const rows = medianOverRuns([
      [row('roofline', 50, null), row('roofline', 100, 20)],
      [row('roofline', 50, 12), row('roofline', 100, 40)],
      [row('roofline', 50, 10), row('roofline', 100, 30)],
    ])
    expect(rows).toHaveLength(2)
    expect(rows[0]?.spread.p99Ms).toEqual({ median: 10, min: 10, max: 12, runs: 2 })
    expect(rows[1]?.p99Ms).toBe(30)
  })
})

describe('judgeTargets', () => {
  const step = (roofline: number, yws: number, hocus: number, storing: number): MedianRow[] =>
    medianOverRuns([
      [
        row('roofline', 50, roofline),
        row('y-websocket', 50, yws),
        row('hocuspocus', 50, hocus),
        row('y-websocket-leveldb', 50, storing),
      ],
    ])
  const verdict = (rows: MedianRow[], prefix: string) =>
    judgeTargets(rows).find((t) => t.target.startsWith(prefix))

  it('allows + 1 ms over the best memory-only peer when that is more than 10 %', () => {
    expect(verdict(step(5.9, 5, 8, 9), 'fan-out 50 rooms p99 (ms): ≤')?.pass).toBe(true)
    expect(verdict(step(6.1, 5, 8, 9), 'fan-out 50 rooms p99 (ms): ≤')?.limit).toBe(6)
    expect(verdict(step(6.1, 5, 8, 9), 'fan-out 50 rooms p99 (ms): ≤')?.pass).toBe(false)
  })

  it('allows 10 % over the best memory-only peer when that is more than 1 ms', () => {
    expect(verdict(step(21.9, 30, 20, 40), 'fan-out 50 rooms p99 (ms): ≤')?.pass).toBe(true)
    expect(verdict(step(22.1, 30, 20, 40), 'fan-out 50 rooms p99 (ms): ≤')?.pass).toBe(false)
  })

  it('wants Roofline strictly ahead of the storing peer', () => {
    expect(verdict(step(9, 5, 8, 9), 'fan-out 50 rooms p99 (ms): strictly')?.pass).toBe(false)
    expect(verdict(step(8.9, 5, 8, 9), 'fan-out 50 rooms p99 (ms): strictly')?.pass).toBe(true)
  })

  it('fails a target whose figures are missing', () => {
    const rows = medianOverRuns([
      [row('roofline', 50, null), row('y-websocket', 50, 5), row('hocuspocus', 50, 6)],
    ])
    expect(verdict(rows, 'fan-out 50 rooms p99 (ms): ≤')?.pass).toBe(false)
    expect(verdict(rows, 'fan-out 50 rooms p99 (ms): strictly')?.pass).toBe(false)
  })
})

describe('GcTrace', () => {
  it('counts collections and pauses and adds up what was allocated between them', () => {
    const trace = new GcTrace()
    trace.add(
      '[1:0x1]  80 ms: Scavenge 4.9 (5.7) -> 4.5 (6.7) MB, pooled: 0 MB, 1.37 / 0.00 ms  (average mu = 1.000) allocation failure;\n',
    )
    trace.add('[1:0x1]  82 ms: Scavenge 5.2 (7.0) -> 5.2 (9.7) MB, pooled: 0 MB, 1.88 / 0.00 ms (avera')
    trace.add(
      'ge mu = 1.000)\nnot a gc line\n[1:0x1]  900 ms: Mark-Compact 20.1 (25.0) -> 10.0 (20.0) MB, pooled: 0 MB, 12.5 / 0.50 ms\n',
    )
    const summary = trace.take()
    expect(summary.collections).toEqual({ Scavenge: 2, 'Mark-Compact': 1 })
    expect(summary.pauseMs).toBeCloseTo(16.25)
    // 5.2 − 4.5 + 20.1 − 5.2 MB: the first collection only sets where the heap stood.
    expect(summary.allocatedBytes).toBeCloseTo(15.6e6, -3)
    expect(trace.take()).toEqual({ collections: {}, pauseMs: 0, allocatedBytes: 0 })
  })
})
