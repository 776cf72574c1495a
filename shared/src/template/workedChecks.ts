import { z } from 'zod'
import { calculatorById } from '../calc/registry.ts'
import { formatNumber } from '../calc/units.ts'
import {
  arityProblem,
  type CheckReference,
  checkId,
  checkReferenceSchema,
  combinedCheckFields,
  combineSymbols,
  combineValues,
  type FigureUnit,
} from './combinedChecks.ts'

/**
 * Executable rubrics: a number a template states (in an answer, a card or a rubric item) that
 * comes from a calculation is written beside the text as that calculation, so a test can
 * recompute it and the interviewer can see how it was worked. A rubric that drifts from the
 * calculators then fails the template tests instead of marking a correct candidate wrong.
 */

/**
 * One input of a worked check: a number in the calculator's SI unit, one of the options of a
 * choice field (a collective's `op`, a recomputation mode), or the result of an earlier check
 * of the same template (optionally scaled), so a chain such as
 * "prompt tokens per second → prefill FLOP/s → GPUs" is written once and stays consistent.
 */
export const workedInputSchema = z.union([
  z.number().finite(),
  z.string().min(1).max(60),
  checkReferenceSchema,
])

/** What every check has: where the figure is stated, how, and how close it must be. */
const statedFigure = {
  id: checkId,
  /** The clarifying question, card or rubric item whose text states the figure. */
  in: checkId,
  /**
   * The figure as that text words it, copied exactly (e.g. "about 1,250 H100s"). Absent, with
   * `expected`, on a working step: a figure the text does not state that a later check uses
   * (the two decode steps whose ratio is "about 1.7x").
   */
  quote: z.string().trim().min(1).max(200).regex(/\d/, 'a quote holds the number it states').optional(),
  /** What the figure is, shown to the interviewer (e.g. "Prefill GPUs at 40% of FP8 peak"). */
  label: z.string().trim().min(1).max(160),
  /** The stated figure in the output's SI unit (the text's rounding, not the exact result); absent on a working step. */
  expected: z.number().finite().optional(),
  /** How far, relative, the stated figure may be from the calculator's (default 5%). */
  tolerance: z.number().positive().max(0.5).default(0.05),
}

/** A figure a template states, written as the calculator call that produces it. */
export const calculatorCheckSchema = z
  .object({
    ...statedFigure,
    /** Absent: this is a calculator check (tells the two forms apart). */
    combine: z.undefined().optional(),
    /** A calculator id of `@roofline/shared/calc` (e.g. `servingFleet`). */
    calculator: z.string().min(1).max(60),
    /** The calculator's input, field by field, in SI units. */
    inputs: z.record(z.string().min(1).max(60), workedInputSchema),
    /** Which of the calculator's figures the text states (e.g. `gpus`). */
    output: z.string().min(1).max(60),
  })
  .strict()

/**
 * A figure a template states that is arithmetic on figures it already worked: a sum, a
 * difference, a product or a ratio of earlier checks' results and givens, e.g.
 * `{"combine": "ratio", "of": [{"check": "k-70b"}, {"check": "k-8b"}]}` for "8.8x cheaper".
 */
export const combinedCheckSchema = z.object({ ...statedFigure, ...combinedCheckFields }).strict()

/** A figure a template states, worked by a calculator or combined from earlier figures. */
export const workedCheckSchema = z.discriminatedUnion(
  'combine',
  [calculatorCheckSchema, combinedCheckSchema],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `combine is one of ${Object.keys(combineSymbols).join(', ')} (or absent, for a calculator check)`
        : undefined,
  },
)

/** A worked check as stored (defaults filled in). */
export type WorkedCheck = z.infer<typeof workedCheckSchema>
/** A check worked by a calculator. */
export type CalculatorCheck = z.infer<typeof calculatorCheckSchema>
/** A check combined from earlier checks' results and givens. */
export type CombinedCheck = z.infer<typeof combinedCheckSchema>

/** One operand of a combined check as it was worked: its value, and the check it came from. */
export interface WorkedOperand {
  /** The value used (the earlier result times `times`, or the given). */
  value: number
  /** The earlier check it came from; absent for a given. */
  check?: string
  /** The factor the earlier result was scaled by; absent when 1 or for a given. */
  times?: number
}

/** A worked check recomputed by the calculators. */
export type WorkedResult =
  | {
      check: WorkedCheck
      ok: true
      /** The calculator's (or the combination's) figure. */
      value: number
      /** The unit the figure is shown in (null for a plain number). */
      unit: FigureUnit | null
      /** A calculator check's inputs after earlier checks' results were put in ({} when combined). */
      inputs: Record<string, number | string>
      /** A combined check's operands as worked ([] for a calculator check). */
      operands: WorkedOperand[]
      /** |value − expected| / |expected| (absolute difference when expected is 0). */
      deviation: number
      /** True when the stated figure is within the check's tolerance. */
      agrees: boolean
    }
  | { check: WorkedCheck; ok: false; error: string }

/** True for a working step: a figure no text states, worked because a later check uses it. */
export function isStep(check: WorkedCheck): boolean {
  return check.quote === undefined
}

/** True for a check combined from earlier results rather than worked by a calculator. */
export function isCombined(check: WorkedCheck): check is CombinedCheck {
  return check.combine !== undefined
}

/**
 * Recomputes every check of a template in order, each input taken as given or from an earlier
 * check's result. A check whose calculator fails (or refuses its input) reports why instead of
 * a value, and checks built on it report that they could not be computed.
 *
 * @example workChecks([{ id: 'k', in: 'r-mem', quote: '140 GB', label: 'Weights', calculator: 'weightBytes',
 *   inputs: { params: 70e9, bytesPerParam: 2 }, output: 'bytes', expected: 140e9, tolerance: 0.05 }])[0]
 * // { ok: true, value: 140e9, agrees: true, ... }
 */
export function workChecks(checks: readonly WorkedCheck[]): WorkedResult[] {
  const earlier = new Map<string, { value: number; unit: FigureUnit | null }>()
  return checks.map((check) => {
    const result = workCheck(check, earlier)
    if (result.ok) earlier.set(check.id, { value: result.value, unit: result.unit })
    return result
  })
}

type Earlier = ReadonlyMap<string, { value: number; unit: FigureUnit | null }>

function workCheck(check: WorkedCheck, earlier: Earlier): WorkedResult {
  const worked = isCombined(check) ? workCombined(check, earlier) : workCalculator(check, earlier)
  if ('error' in worked) return { check, ok: false, error: worked.error }
  // A working step states nothing, so there is nothing to disagree with.
  const expected = check.expected ?? worked.value
  const difference = Math.abs(worked.value - expected)
  const deviation = expected === 0 ? difference : difference / Math.abs(expected)
  return { check, ok: true, ...worked, deviation, agrees: deviation <= check.tolerance }
}

/** What working one check gives before it is compared with the stated figure. */
type Figure = Pick<WorkedResult & { ok: true }, 'value' | 'unit' | 'inputs' | 'operands'> | { error: string }

/** An earlier result, scaled; or why there is none. */
function referenced(reference: CheckReference, earlier: Earlier): number | { error: string } {
  const value = earlier.get(reference.check)?.value
  if (value === undefined) return { error: `check "${reference.check}" has no value` }
  return value * (reference.times ?? 1)
}

function workCalculator(check: CalculatorCheck, earlier: Earlier): Figure {
  const calculator = calculatorById(check.calculator)
  if (!calculator) return { error: `no calculator "${check.calculator}"` }
  const inputs: Record<string, number | string> = {}
  for (const [field, input] of Object.entries(check.inputs)) {
    const value = typeof input === 'object' ? referenced(input, earlier) : input
    if (typeof value === 'object') return { error: `input ${field}: ${value.error}` }
    inputs[field] = value
  }
  let value: unknown
  try {
    value = calculator.run(inputs)[check.output]
  } catch (error) {
    return { error: `${check.calculator}: ${(error as Error).message}` }
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { error: `${check.calculator} has no numeric figure "${check.output}"` }
  const unit = calculator.outputs.find((output) => output.name === check.output)?.unit ?? null
  return { value, unit, inputs, operands: [] }
}

function workCombined(check: CombinedCheck, earlier: Earlier): Figure {
  const operands: WorkedOperand[] = []
  for (const [index, operand] of check.of.entries()) {
    if (typeof operand === 'number') {
      operands.push({ value: operand })
      continue
    }
    const value = referenced(operand, earlier)
    if (typeof value === 'object') return { error: `of.${index}: ${value.error}` }
    operands.push({
      value,
      check: operand.check,
      ...(operand.times !== undefined && { times: operand.times }),
    })
  }
  const arity = arityProblem(check.combine, operands.length)
  if (arity) return { error: arity }
  let value: number
  try {
    value = combineValues(
      check.combine,
      operands.map((operand) => operand.value),
    )
  } catch (error) {
    return { error: `${check.combine}: ${(error as Error).message}` }
  }
  return { value, unit: combinedUnit(check, earlier), inputs: {}, operands }
}

/** A combined figure's unit: as stated, else a multiple for a ratio, its first check's for a sum or difference. */
function combinedUnit(check: CombinedCheck, earlier: Earlier): FigureUnit | null {
  if (check.unit) return check.unit
  if (check.combine === 'ratio') return '×'
  if (check.combine === 'product') return null
  const first = check.of.find((operand) => typeof operand === 'object')
  return typeof first === 'object' ? (earlier.get(first.check)?.unit ?? null) : null
}

/** Every reference a check makes to an earlier one, with the field holding it (`inputs.bytes`, `of.1`). */
export function referencesOf(check: WorkedCheck): Array<{ field: string; check: string }> {
  const entries: Array<[string, unknown]> = isCombined(check)
    ? check.of.map((operand, index) => [`of.${index}`, operand])
    : Object.entries(check.inputs).map(([name, input]) => [`inputs.${name}`, input])
  return entries.flatMap(([field, operand]) =>
    typeof operand === 'object' && operand !== null
      ? [{ field, check: (operand as CheckReference).check }]
      : [],
  )
}

/**
 * The checks of a template cut down to the items it still has (an archive keeps only the cards
 * a candidate saw): a check stated in a dropped item goes, since its quote would show hidden
 * text, and a kept check that took its input from a dropped one keeps it as the number it gave
 * (or goes too, when that could not be computed); a working step whose users all went goes
 * too. The result passes `checkProblems`.
 *
 * @example checksWithin(template.checks, new Set(['r-sizing'])) // only r-sizing's checks, self-contained
 */
export function checksWithin(checks: readonly WorkedCheck[], itemIds: ReadonlySet<string>): WorkedCheck[] {
  const results = new Map(workChecks(checks).map((result) => [result.check.id, result]))
  const kept = new Set<string>()
  const out: WorkedCheck[] = []
  // A reference to a kept check stays; one to a dropped check becomes the number it gave (null: none).
  const resolve = <T>(input: T | CheckReference): T | CheckReference | number | null => {
    if (typeof input !== 'object' || input === null || kept.has((input as CheckReference).check)) return input
    const reference = input as CheckReference
    const earlier = results.get(reference.check)
    return earlier?.ok ? earlier.value * (reference.times ?? 1) : null
  }
  for (const check of checks) {
    if (!itemIds.has(check.in)) continue
    let cut: WorkedCheck
    if (isCombined(check)) {
      const of = check.of.map(resolve)
      if (of.includes(null)) continue
      cut = { ...check, of: of as CombinedCheck['of'] }
    } else {
      const inputs = Object.entries(check.inputs).map(([field, input]) => [field, resolve(input)] as const)
      if (inputs.some(([, input]) => input === null)) continue
      cut = { ...check, inputs: Object.fromEntries(inputs) as CalculatorCheck['inputs'] }
    }
    kept.add(check.id)
    out.push(cut)
  }
  return withoutIdleSteps(out)
}

/** The checks less any working step that no later kept check uses (walked backwards, so a chain of unused steps goes too). */
function withoutIdleSteps(checks: readonly WorkedCheck[]): WorkedCheck[] {
  const needed = new Set<string>()
  const kept: WorkedCheck[] = []
  for (const check of [...checks].reverse()) {
    if (isStep(check) && !needed.has(check.id)) continue
    for (const reference of referencesOf(check)) needed.add(reference.check)
    kept.push(check)
  }
  return kept.reverse()
}

/**
 * How a check works its figure, in one phrase for a disagreement: the calculator's figure
 * (`decodeStep.seconds`) or the operation over its operands (`k-exposed ÷ k-ring`).
 */
function workedBy(check: WorkedCheck): string {
  if (!isCombined(check)) return `${check.calculator}.${check.output}`
  const operands = check.of.map((operand) =>
    typeof operand === 'number'
      ? formatNumber(operand)
      : `${operand.times !== undefined ? `${formatNumber(operand.times)} × ` : ''}${operand.check}`,
  )
  return operands.length === 1
    ? `${check.combine} of ${operands[0]}`
    : operands.join(` ${combineSymbols[check.combine]} `)
}

/**
 * One line saying how a worked check disagrees, naming the template, the check, where the
 * figure is stated and both numbers; null when it agrees.
 *
 * @example "llm-inference-10k-qps checks.k-decode-step (r-sizing: "roughly 22 ms"): decodeStep.seconds is 0.01540, the template states 0.022 (off by 30%, tolerance 5%)"
 * @example "gpu-bottleneck-diagnosis checks.k-reduction-gap (c-allreduce: "9x slower"): k-exposed ÷ k-ring is 8.842, the template states 12 (off by 26.3%, tolerance 5%)"
 */
export function describeDisagreement(templateId: string, result: WorkedResult): string | null {
  const { check } = result
  const where = `${templateId} checks.${check.id} (${check.in}: ${check.quote ? `"${check.quote}"` : 'working step'})`
  if (!result.ok) return `${where}: cannot be computed: ${result.error}`
  if (result.agrees) return null
  const percent = (fraction: number) => `${formatNumber(Number((fraction * 100).toPrecision(3)))}%`
  return (
    `${where}: ${workedBy(check)} is ${formatNumber(result.value)}, the template states ` +
    `${formatNumber(check.expected ?? result.value)} (off by ${percent(result.deviation)}, tolerance ${percent(check.tolerance)})`
  )
}

/**
 * Every way a template's worked figures disagree with the calculators, one line each (see
 * {@link describeDisagreement}); empty when they all agree. The template tests assert this is empty.
 *
 * @example disagreementsOf('gpu-bottleneck-diagnosis', template.checks) // []
 */
export function disagreementsOf(templateId: string, checks: readonly WorkedCheck[]): string[] {
  return workChecks(checks)
    .map((result) => describeDisagreement(templateId, result))
    .filter((line): line is string => line !== null)
}
