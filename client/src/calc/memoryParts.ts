import type { CalcFieldEntry } from '@roofline/shared'
import { evaluateCalculator } from './evaluateCalculator.ts'
import type { MemoryPart } from './memoryBreakdown.ts'
import { panelCalculatorById } from './panelCalculators.ts'

/** Which Memory-tab calculator gives which part of the bar, and the figure it gives. */
const SOURCES = [
  { key: 'weights', label: 'Weights', calculator: 'weightBytes', figure: 'bytes' },
  { key: 'kv', label: 'KV cache', calculator: 'kvCache', figure: 'bytes' },
  { key: 'activations', label: 'Activations', calculator: 'activationBytes', figure: 'bytes' },
] as const

/**
 * The parts of the memory bar from the Memory tab's calculators as they stand in the room:
 * a part is null until its calculator has a result.
 */
export function memoryPartsOf(
  inputs: Readonly<Record<string, Readonly<Record<string, CalcFieldEntry>>>>,
): MemoryPart[] {
  return SOURCES.map((source) => {
    const calculator = panelCalculatorById(source.calculator)
    const result = calculator ? evaluateCalculator(calculator, inputs[source.calculator] ?? {}).result : null
    const bytes = result?.[source.figure]
    return { key: source.key, label: source.label, bytes: typeof bytes === 'number' ? bytes : null }
  })
}
