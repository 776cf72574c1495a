import { type CalculatorInfo, calculators } from '@roofline/shared/calc'

/**
 * The calculators as the panel offers them: the registry's, with the defaults an entry chose
 * for a whiteboard rather than for the API (`panelDefaults`). The API's decodeStep defaults to
 * the ideal bound (all of the peak bandwidth); the panel assumes what decode kernels achieve,
 * and says so on the field and on the result, which shows the ideal figure beside it.
 */
function withPanelDefaults(calculator: CalculatorInfo): CalculatorInfo {
  const defaults = calculator.panelDefaults
  if (!defaults) return calculator
  return {
    ...calculator,
    fields: calculator.fields.map((field) => {
      const panel = defaults[field.name]
      return panel
        ? { ...field, default: panel.value, description: `${field.description}. ${panel.why}` }
        : field
    }),
  }
}

/** Every calculator, in menu order, with the panel's defaults. */
export const panelCalculators: readonly CalculatorInfo[] = calculators.map(withPanelDefaults)

/**
 * Looks a calculator up by id, with the panel's defaults.
 *
 * @example panelCalculatorById('decodeStep')?.fields.find((f) => f.name === 'memoryEfficiency')?.default // 0.7
 */
export function panelCalculatorById(id: string): CalculatorInfo | undefined {
  return panelCalculators.find((c) => c.id === id)
}
