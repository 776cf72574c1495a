import { type CalculatorInfo, calculators } from '@roofline/shared/calc'

/**
 * The calculators as the panel offers them: the registry's, with a few defaults chosen for a
 * whiteboard rather than for the API. The API's decodeStep defaults to the ideal bound (all of
 * the peak bandwidth); the panel assumes what decode kernels achieve, and says so on the field
 * and on the result, which shows the ideal figure beside it.
 */

interface PanelDefault {
  value: number
  /** Why this default, appended to the field's description. */
  why: string
}

const PANEL_DEFAULTS: Readonly<Record<string, Readonly<Record<string, PanelDefault>>>> = {
  decodeStep: {
    memoryEfficiency: {
      value: 0.7,
      why: 'The panel assumes 0.7, what decode kernels typically reach and what interview rubrics use; the ideal (1) is shown beside it.',
    },
  },
}

function withPanelDefaults(calculator: CalculatorInfo): CalculatorInfo {
  const defaults = PANEL_DEFAULTS[calculator.id]
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
