import { describe, expect, it } from 'vitest'
import { simCardHeight, wrapText } from './SimCardSvg.tsx'
import { tickText } from './SimChartSvg.tsx'

describe('the sim card drawn in SVG', () => {
  it('wraps the broke-first line within the width, cutting the last line with an ellipsis', () => {
    const line =
      'Prefill pool (Prefill engine) saturated at 77 s (queue growing); TTFT p99 crossed 2 s at 77 s (2.56 s)'
    const lines = wrapText(line, 300, 12, 2, 0.58)
    expect(lines).toHaveLength(2)
    for (const text of lines) expect(text.length).toBeLessThanOrEqual(Math.floor(300 / (12 * 0.58)))
    expect(lines[1]).toMatch(/…$/)
    expect(wrapText('Nothing broke', 300, 12, 2)).toEqual(['Nothing broke'])
  })

  it('labels ticks short: 1.5k, 2M, 0.25', () => {
    expect([1500, 2_000_000, 0.25, 420].map(tickText)).toEqual(['1.5k', '2M', '0.25', '420'])
  })

  it('is as tall as its rows of figures and charts', () => {
    expect(simCardHeight(8, 7)).toBeGreaterThan(simCardHeight(8, 4))
    expect(simCardHeight(8, 8)).toBe(simCardHeight(8, 7))
  })
})
