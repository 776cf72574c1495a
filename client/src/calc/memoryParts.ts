import type { CalcFieldEntry } from '@roofline/shared'
import { evaluateCalculator } from './evaluateCalculator.ts'
import type { MemoryPart } from './memoryBreakdown.ts'
import { panelCalculators } from './panelCalculators.ts'

/**
 * The parts of the memory bar from the calculators whose registry entry gives one
 * (`memoryBar`), in registry order, as they stand in the room: a part is null until its
 * calculator has a result.
 */
export function memoryPartsOf(
  inputs: Readonly<Record<string, Readonly<Record<string, CalcFieldEntry>>>>,
): MemoryPart[] {
  return panelCalculators.flatMap((calculator) => {
    const part = calculator.memoryBar
    if (!part) return []
    const result = evaluateCalculator(calculator, inputs[calculator.id] ?? {}).result
    const bytes = result?.[part.figure]
    return [{ key: part.key, label: part.label, bytes: typeof bytes === 'number' ? bytes : null }]
  })
}
