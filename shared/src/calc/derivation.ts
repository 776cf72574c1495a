import type { Unit } from './units.ts'
import { formatNumber } from './units.ts'

/**
 * One line of a calculator's working, so a panel can show the math:
 * the formula in symbols, the same formula with the values put in, and the result.
 *
 * @example
 * { label: 'KV bytes per token', formula: 'bytesPerToken = 2 · layers · kvHeads · headDim · bytesPerElement',
 *   substituted: '2 · 32 · 8 · 128 · 2', value: 131072, unit: 'bytes/token' }
 */
export interface DerivationStep {
  label: string
  formula: string
  substituted: string
  value: number
  unit: Unit
}

/** A figure a calculator returns: numbers, plus labels such as `bound: 'memory'`. */
export type Figure = number | string

/** What every calculator returns: its figures and the steps that produced them. */
export type CalcResult<F extends Record<string, Figure>> = F & { steps: DerivationStep[] }

/** Any calculator's result, for code that handles calculators generically (the registry). */
export interface AnyCalcResult {
  steps: DerivationStep[]
  [figure: string]: Figure | DerivationStep[]
}

/** Matches identifiers in a formula so they can be replaced by their values. */
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g

/**
 * Collects the derivation steps of one calculation. Each step's substituted text is produced
 * from the formula itself, so the displayed math cannot drift from the variables used.
 */
export class Derivation {
  readonly calculator: string
  readonly steps: DerivationStep[] = []

  constructor(calculator: string) {
    this.calculator = calculator
  }

  /**
   * Records a step and returns its value, so the computation reads top to bottom.
   * `formula` is `name = expression`; identifiers in the expression that are keys of `vars`
   * with a number or string value are replaced by it (other words, like `max`, are left alone).
   *
   * @example d.step('Weight memory', 'bytes = params · bytesPerParam', { params: 8e9, bytesPerParam: 2 }, 1.6e10, 'bytes')
   * // substituted: '8e9 · 2'
   */
  step(
    label: string,
    formula: string,
    vars: Readonly<Record<string, unknown>>,
    value: number,
    unit: Unit,
  ): number {
    this.steps.push({ label, formula, substituted: substitute(formula, vars), value, unit })
    return value
  }

  /**
   * Returns the figures with the steps attached. A non-finite number here would be a bug
   * (inputs are bounded so that cannot happen), so it fails loudly rather than showing NaN.
   */
  finish<F extends Record<string, Figure>>(figures: F): CalcResult<F> {
    for (const [key, value] of Object.entries(figures)) assertFinite(this.calculator, key, value)
    for (const s of this.steps) assertFinite(this.calculator, s.label, s.value)
    return { ...figures, steps: this.steps }
  }
}

function substitute(formula: string, vars: Readonly<Record<string, unknown>>): string {
  const eq = formula.indexOf('=')
  const expression = eq >= 0 ? formula.slice(eq + 1).trim() : formula
  return expression.replace(IDENTIFIER, (name) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined
    if (typeof value === 'number') return formatNumber(value)
    if (typeof value === 'string') return value
    return name
  })
}

function assertFinite(calculator: string, what: string, value: Figure): void {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new RangeError(`${calculator}: ${what} came out as ${value}; this is a calculator bug`)
  }
}
