import { z } from 'zod'
import { units } from '../calc/units.ts'

/**
 * Combined checks: a figure a template states that is arithmetic on figures it already worked
 * ("the 8B model is 8.8x cheaper": one weight size over another; "350 MB/s": posts plus
 * engagement events). No calculator takes two results, so these are written as an operation
 * over earlier checks (and plain givens), and recomputed like any other check.
 */

/** A check id: lowercase letters, digits and "-". */
export const checkId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'an id is lowercase letters, digits and "-", up to 80')

/** The result of an earlier check of the same template, optionally scaled by `times`. */
export const checkReferenceSchema = z
  .object({ check: checkId, times: z.number().finite().optional() })
  .strict()

/** A reference to an earlier check's result. */
export type CheckReference = z.infer<typeof checkReferenceSchema>

/** What a combined check does with its operands, in order. */
export const combineOperations = ['sum', 'difference', 'product', 'ratio'] as const
/** One of {@link combineOperations}. */
export type CombineOperation = (typeof combineOperations)[number]

/** How the operator is written between operands in the interviewer's "Worked:" line. */
export const combineSymbols: Readonly<Record<CombineOperation, string>> = {
  sum: '+',
  difference: '−',
  product: '×',
  ratio: '÷',
}

/**
 * Units a worked figure can be shown in: a calculator unit, or `×` for a multiple ("2.1×").
 * A ratio is shown as a multiple unless its check says otherwise (`"unit": "ratio"` shows a share
 * as a percentage).
 */
export const figureUnits = [...units, '×'] as const
/** One of {@link figureUnits}. */
export type FigureUnit = (typeof figureUnits)[number]

/** The fields a combined check has in place of a calculator call. */
export const combinedCheckFields = {
  /** The operation: sum and product of all operands, the first minus the rest, or one over the other. */
  combine: z.enum(combineOperations),
  /**
   * The operands: earlier checks' results (`{"check": id, "times": k}`) or plain givens. A ratio
   * takes exactly two (numerator, denominator), a difference at least two.
   */
  of: z
    .array(z.union([z.number().finite(), checkReferenceSchema]))
    .min(1)
    .max(12),
  /** The unit the figure is shown in; by default a ratio is a multiple and a sum or difference takes its first check's unit. */
  unit: z.enum(figureUnits).optional(),
}

/** The fewest and most operands each operation takes. */
const ARITY: Readonly<Record<CombineOperation, readonly [number, number]>> = {
  sum: [1, 12],
  product: [1, 12],
  difference: [2, 12],
  ratio: [2, 2],
}

/**
 * Why `count` operands do not fit `operation`, or null when they do.
 *
 * @example arityProblem('ratio', 3) // 'a ratio takes exactly 2 operands (numerator, denominator), not 3'
 */
export function arityProblem(operation: CombineOperation, count: number): string | null {
  const [fewest, most] = ARITY[operation]
  if (count >= fewest && count <= most) return null
  if (operation === 'ratio') return `a ratio takes exactly 2 operands (numerator, denominator), not ${count}`
  return `a ${operation} takes ${fewest} to ${most} operands, not ${count}`
}

/**
 * Applies an operation to operand values, in order. Throws when the result is not a finite
 * number (a ratio over zero), so a check reports it instead of showing Infinity.
 *
 * @example combineValues('ratio', [141e9, 16.06e9]) // 8.78
 * @example combineValues('difference', [7.3, 1.33, 0.6]) // 5.37
 */
export function combineValues(operation: CombineOperation, values: readonly number[]): number {
  const [first = Number.NaN, ...rest] = values
  let result: number
  switch (operation) {
    case 'sum':
      result = values.reduce((total, value) => total + value, 0)
      break
    case 'difference':
      result = rest.reduce((total, value) => total - value, first)
      break
    case 'product':
      result = values.reduce((total, value) => total * value, 1)
      break
    case 'ratio':
      if (rest[0] === 0) throw new Error('the denominator is 0')
      result = first / (rest[0] ?? Number.NaN)
      break
  }
  if (!Number.isFinite(result)) throw new Error(`the ${operation} is not a finite number`)
  return result
}
