import type { CalculatorCategory, CalculatorInfo } from '@roofline/shared/calc'
import { tabIdAfterKey } from '../tabKeys.ts'
import { panelCalculators } from './panelCalculators.ts'

/**
 * The calculator panel's tabs: the registry's categories grouped the way an interview moves
 * (does it fit, how fast is it, how long does the data take), plus the free-form line.
 */

/** A tab of the panel. */
export type CalcTabId = 'memory' | 'throughput' | 'bandwidth' | 'freeform'

/** One tab: its label, the categories it holds, and the calculator it opens on. */
export interface CalcTab {
  id: CalcTabId
  label: string
  categories: readonly CalculatorCategory[]
  initial: string
}

/** The tabs in order. */
export const calcTabs: readonly CalcTab[] = [
  { id: 'memory', label: 'Memory', categories: ['memory'], initial: 'kvCache' },
  {
    id: 'throughput',
    label: 'Throughput',
    categories: ['inference', 'training', 'serving', 'evaluation'],
    initial: 'decodeStep',
  },
  { id: 'bandwidth', label: 'Bandwidth', categories: ['network', 'storage'], initial: 'transferTime' },
  { id: 'freeform', label: 'Free-form', categories: [], initial: '' },
]

/** Menu headings of the categories. */
export const categoryLabels: Readonly<Record<CalculatorCategory, string>> = {
  memory: 'Memory',
  inference: 'Inference',
  training: 'Training',
  serving: 'Serving',
  evaluation: 'Evaluation',
  network: 'Network',
  storage: 'Storage',
}

/**
 * The calculators of a tab, grouped by category in the tab's order.
 *
 * @example calculatorGroups(calcTabs[1]!)[0]?.category // 'inference'
 */
export function calculatorGroups(
  tab: CalcTab,
): Array<{ category: CalculatorCategory; items: CalculatorInfo[] }> {
  return tab.categories.map((category) => ({
    category,
    items: panelCalculators.filter((c) => c.category === category),
  }))
}

/** The tab a calculator lives in. */
export function tabOf(calculator: CalculatorInfo): CalcTabId {
  return calcTabs.find((t) => t.categories.includes(calculator.category))?.id ?? 'memory'
}

/**
 * The tab a key moves to from `current` in the tab list (the WAI-ARIA tabs pattern: arrows
 * step and wrap around, Home and End jump to the ends), or null for any other key.
 *
 * @example tabAfterKey('freeform', 'ArrowRight') // 'memory'
 */
export function tabAfterKey(current: CalcTabId, key: string): CalcTabId | null {
  return tabIdAfterKey(
    calcTabs.map((t) => t.id),
    current,
    key,
  )
}
