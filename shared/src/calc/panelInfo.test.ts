import { describe, expect, it } from 'vitest'
import type { CalculatorInfo } from './registry.ts'
import { calculators } from './registry.ts'

/**
 * CONTRIBUTING.md's "Add a calculator" keeps the panel's knowledge of a calculator on its
 * registry entry (`presetFill`, `chart`, `memoryBar`, `panelDefaults`). These checks run over
 * every entry, so a new one that says something its fields or outputs cannot back fails here.
 */

const fieldNamed = (calculator: CalculatorInfo, name: string) =>
  calculator.fields.find((f) => f.name === name)

/** An input of every field: its default, else its first option or its minimum plus one. */
function sampleInput(calculator: CalculatorInfo): Record<string, unknown> {
  return Object.fromEntries(
    calculator.fields.map((f) => [
      f.name,
      f.default ?? (f.kind === 'choice' ? f.options?.[0] : Math.min(f.max ?? 1, (f.min ?? 0) + 1)),
    ]),
  )
}

describe('what registry entries say for the panel', () => {
  for (const calculator of calculators) {
    describe(calculator.id, () => {
      it('fills from presets only inputs it has', () => {
        if (calculator.presetFill?.params) expect(fieldNamed(calculator, 'params')).toBeDefined()
        if (calculator.presetFill?.latency) expect(fieldNamed(calculator, 'latency')?.unit).toBe('s')
      })

      it('charts only with both roofs among its inputs, and places its point from its own result', () => {
        if (!calculator.chart) return
        expect(fieldNamed(calculator, 'peakFlops')).toBeDefined()
        expect(fieldNamed(calculator, 'memBandwidth')).toBeDefined()
        expect(calculator.chart.pointLabel.length).toBeGreaterThan(0)
        const input = sampleInput(calculator)
        const result = calculator.run(input) as unknown as Record<string, unknown>
        const point = calculator.chart.point(input, result)
        expect(point?.intensity).toBeGreaterThan(0)
        expect(point?.flops).toBeGreaterThan(0)
        expect(calculator.chart.point(input, null)).toBeUndefined()
      })

      it('gives the memory bar a figure in bytes that it returns', () => {
        if (!calculator.memoryBar) return
        const output = calculator.outputs.find((o) => o.name === calculator.memoryBar?.figure)
        expect(output?.unit).toBe('bytes')
      })

      it('sets panel defaults only on its fields, within their bounds', () => {
        for (const [name, panel] of Object.entries(calculator.panelDefaults ?? {})) {
          const field = fieldNamed(calculator, name)
          expect(field, name).toBeDefined()
          expect(panel.value).toBeGreaterThanOrEqual(field?.min ?? Number.NEGATIVE_INFINITY)
          expect(panel.value).toBeLessThanOrEqual(field?.max ?? Number.POSITIVE_INFINITY)
          expect(panel.why.length).toBeGreaterThan(10)
        }
      })
    })
  }

  it('each memory-bar part has its own key', () => {
    const keys = calculators.flatMap((c) => (c.memoryBar ? [c.memoryBar.key] : []))
    expect(keys).toEqual(['weights', 'kv', 'activations'])
  })

  it('a link fills the latency of the transfer and the collective, not a request latency', () => {
    const linkLatency = calculators.filter((c) => c.presetFill?.latency).map((c) => c.id)
    expect(linkLatency.sort()).toEqual(['collectiveTime', 'transferTime'])
  })
})
