import { SIM_CHART_POINTS, simSummarySchema } from '@roofline/shared'
import { inferenceArchitectureStarter } from '@roofline/shared/shapes'
import { type BoardRecord, scenarioFromBoard, simulate } from '@roofline/shared/sim'
import { describe, expect, it } from 'vitest'
import { perturbationWindow, summarizeRun } from './simSummary.ts'

const burst = { kind: 'load', factor: 3, from: 60, to: 360 } as const

/** The drawn disaggregated starter under the 3x burst (20 req/s breaks its prefill pool in the burst). */
async function burstRun(arrivalRate: number, samples: number) {
  const read = scenarioFromBoard(inferenceArchitectureStarter as readonly BoardRecord[], {
    seconds: 420,
    arrivalRate,
    perturbations: [burst],
  })
  if (!read.ok) throw new Error(read.message)
  return simulate({ ...read.scenario, sampleSeconds: 420 / samples }, { seed: 3 })
}

describe('a run summarized for the room', () => {
  it('keeps what broke first, the figures and seven charts, in a few kB that the schema accepts', async () => {
    const result = await burstRun(20, 120)
    const summary = summarizeRun(result, {
      slo: { ttftSeconds: 2, interTokenSeconds: 0.1 },
      window: perturbationWindow(burst, 420),
    })
    expect(simSummarySchema.safeParse(summary).success).toBe(true)
    expect(JSON.stringify(summary).length).toBeLessThan(12_000)
    expect(summary.brokeFirst).toBe(result.brokeFirst.line)
    expect(summary.brokeFirst).toMatch(/^Prefill pool .* saturated at/)
    expect(summary.broke).toBe(true)
    expect(summary.charts.map((c) => c.title)).toEqual([
      'TTFT',
      'Inter-token latency',
      'End to end',
      'Queue length',
      'KV-cache use',
      'GPU busy',
      'Output tokens/s',
    ])
    for (const chart of summary.charts) {
      expect(chart.t).toHaveLength(SIM_CHART_POINTS)
      for (const line of chart.lines) expect(line.values).toHaveLength(SIM_CHART_POINTS)
      expect(chart.window).toEqual([60, 360])
    }
    // 120 samples thinned to 60: a percentile keeps the larger of each pair, so the peak stays.
    const ttftP99 = summary.charts[0]?.lines[1]?.values ?? []
    const peak = Math.max(...Array.from(result.series.ttftP99).filter(Number.isFinite))
    const shown = Math.max(...ttftP99.filter((v): v is number => v !== null))
    expect(Math.abs(shown - peak) / peak).toBeLessThan(0.005)
    // TTFT grows past 5 s in the burst: that chart is in seconds, with the 2 s SLO.
    expect(summary.charts[0]).toMatchObject({ unit: 's', limit: 2 })
    expect(summary.charts[1]).toMatchObject({ unit: 'ms', limit: 100 })
    expect(summary.figures.find((f) => f.label === 'TTFT p50 / p99')?.text).toMatch(/ (ms|s) \/ .* (ms|s)$/)
  })

  it('says nothing broke when the drawing carries the burst', async () => {
    const summary = summarizeRun(await burstRun(6, 60), {
      slo: { ttftSeconds: 2, interTokenSeconds: 0.1 },
      window: null,
    })
    expect(summary.broke).toBe(false)
    expect(summary.brokeFirst).toMatch(/^Nothing broke in 420 s/)
    expect(summary.charts.every((c) => c.window === null && c.t.length === 60)).toBe(true)
  })

  it('the window of a one-off event is a thin band at its time; no perturbation, no band', () => {
    expect(perturbationWindow({ kind: 'region-down', at: 60 }, 300)).toEqual([60, 62.5])
    expect(perturbationWindow({ kind: 'output-length', factor: 2, from: 60 }, 300)).toEqual([60, 300])
    expect(perturbationWindow(undefined, 300)).toBeNull()
  })
})
