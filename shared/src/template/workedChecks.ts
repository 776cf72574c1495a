import { z } from 'zod'
import { calculatorById } from '../calc/registry.ts'
import { formatNumber } from '../calc/units.ts'

/**
 * Executable rubrics: a number a template states (in an answer, a card or a rubric item) that
 * comes from a calculation is written beside the text as that calculation, so a test can
 * recompute it and the interviewer can see how it was worked. A rubric that drifts from the
 * calculators then fails the template tests instead of marking a correct candidate wrong.
 */

const checkId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'an id is lowercase letters, digits and "-", up to 80')

/**
 * One input of a worked check: a number in the calculator's SI unit, one of the options of a
 * choice field (a collective's `op`, a recomputation mode), or the result of an earlier check
 * of the same template (optionally scaled), so a chain such as
 * "prompt tokens per second → prefill FLOP/s → GPUs" is written once and stays consistent.
 */
export const workedInputSchema = z.union([
  z.number().finite(),
  z.string().min(1).max(60),
  z.object({ check: checkId, times: z.number().finite().optional() }).strict(),
])

/** A figure a template states, written as the calculator call that produces it. */
export const workedCheckSchema = z
  .object({
    id: checkId,
    /** The clarifying question, card or rubric item whose text states the figure. */
    in: checkId,
    /** The figure as that text words it, copied exactly (e.g. "about 1,250 H100s"). */
    quote: z.string().trim().min(1).max(200).regex(/\d/, 'a quote holds the number it states'),
    /** What the figure is, shown to the interviewer (e.g. "Prefill GPUs at 40% of FP8 peak"). */
    label: z.string().trim().min(1).max(160),
    /** A calculator id of `@roofline/shared/calc` (e.g. `servingFleet`). */
    calculator: z.string().min(1).max(60),
    /** The calculator's input, field by field, in SI units. */
    inputs: z.record(z.string().min(1).max(60), workedInputSchema),
    /** Which of the calculator's figures the text states (e.g. `gpus`). */
    output: z.string().min(1).max(60),
    /** The stated figure in the output's SI unit (the text's rounding, not the exact result). */
    expected: z.number().finite(),
    /** How far, relative, the stated figure may be from the calculator's (default 5%). */
    tolerance: z.number().positive().max(0.5).default(0.05),
  })
  .strict()

/** A worked check as stored (defaults filled in). */
export type WorkedCheck = z.infer<typeof workedCheckSchema>

/** A worked check recomputed by the calculators. */
export type WorkedResult =
  | {
      check: WorkedCheck
      ok: true
      /** The calculator's figure. */
      value: number
      /** The inputs after earlier checks' results were put in. */
      inputs: Record<string, number | string>
      /** |value − expected| / |expected| (absolute difference when expected is 0). */
      deviation: number
      /** True when the stated figure is within the check's tolerance. */
      agrees: boolean
    }
  | { check: WorkedCheck; ok: false; error: string }

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
  const values = new Map<string, number>()
  return checks.map((check) => {
    const result = workCheck(check, values)
    if (result.ok) values.set(check.id, result.value)
    return result
  })
}

function workCheck(check: WorkedCheck, earlier: ReadonlyMap<string, number>): WorkedResult {
  const calculator = calculatorById(check.calculator)
  if (!calculator) return { check, ok: false, error: `no calculator "${check.calculator}"` }
  const inputs: Record<string, number | string> = {}
  for (const [field, input] of Object.entries(check.inputs)) {
    if (typeof input !== 'object') {
      inputs[field] = input
      continue
    }
    const value = earlier.get(input.check)
    if (value === undefined)
      return { check, ok: false, error: `input ${field}: check "${input.check}" has no value` }
    inputs[field] = value * (input.times ?? 1)
  }
  let value: unknown
  try {
    value = calculator.run(inputs)[check.output]
  } catch (error) {
    return { check, ok: false, error: `${check.calculator}: ${(error as Error).message}` }
  }
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { check, ok: false, error: `${check.calculator} has no numeric figure "${check.output}"` }
  const difference = Math.abs(value - check.expected)
  const deviation = check.expected === 0 ? difference : difference / Math.abs(check.expected)
  return { check, ok: true, value, inputs, deviation, agrees: deviation <= check.tolerance }
}

/**
 * The checks of a template cut down to the items it still has (an archive keeps only the cards
 * a candidate saw): a check stated in a dropped item goes, since its quote would show hidden
 * text, and a kept check that took its input from a dropped one keeps it as the number it gave
 * (or goes too, when that could not be computed). The result passes {@link checkProblems}.
 *
 * @example checksWithin(template.checks, new Set(['r-sizing'])) // only r-sizing's checks, self-contained
 */
export function checksWithin(checks: readonly WorkedCheck[], itemIds: ReadonlySet<string>): WorkedCheck[] {
  const results = new Map(workChecks(checks).map((result) => [result.check.id, result]))
  const kept = new Set<string>()
  const out: WorkedCheck[] = []
  for (const check of checks) {
    if (!itemIds.has(check.in)) continue
    const inputs: WorkedCheck['inputs'] = {}
    let computable = true
    for (const [field, input] of Object.entries(check.inputs)) {
      if (typeof input !== 'object' || kept.has(input.check)) {
        inputs[field] = input
        continue
      }
      const earlier = results.get(input.check)
      if (!earlier?.ok) computable = false
      else inputs[field] = earlier.value * (input.times ?? 1)
    }
    if (!computable) continue
    kept.add(check.id)
    out.push({ ...check, inputs })
  }
  return out
}

/**
 * One line saying how a worked check disagrees, naming the template, the check, where the
 * figure is stated and both numbers; null when it agrees.
 *
 * @example "llm-inference-10k-qps checks.k-decode-step (r-sizing: "roughly 22 ms"): decodeStep.seconds is 0.01540, the template states 0.022 (off by 30%, tolerance 5%)"
 */
export function describeDisagreement(templateId: string, result: WorkedResult): string | null {
  const { check } = result
  const where = `${templateId} checks.${check.id} (${check.in}: "${check.quote}")`
  if (!result.ok) return `${where}: cannot be computed: ${result.error}`
  if (result.agrees) return null
  const percent = (fraction: number) => `${formatNumber(Number((fraction * 100).toPrecision(3)))}%`
  return (
    `${where}: ${check.calculator}.${check.output} is ${formatNumber(result.value)}, the template states ` +
    `${formatNumber(check.expected)} (off by ${percent(result.deviation)}, tolerance ${percent(check.tolerance)})`
  )
}

/**
 * Problems a template's checks have on their own, before anything is computed: an unknown
 * calculator, field or figure, a word given to a field that takes no such option (or takes a
 * number), a reference to a later or missing check. `texts` maps each
 * question, card and rubric id to its text, so a quote that no longer stands in it is caught.
 */
export function checkProblems(
  checks: readonly WorkedCheck[],
  texts: ReadonlyMap<string, string>,
): Array<{ index: number; field: string; message: string }> {
  const problems: Array<{ index: number; field: string; message: string }> = []
  const seen = new Set<string>()
  for (const [index, check] of checks.entries()) {
    const problem = (field: string, message: string) => problems.push({ index, field, message })
    const text = texts.get(check.in)
    if (text === undefined) problem('in', `no question, card or rubric item "${check.in}"`)
    else if (!text.includes(check.quote)) problem('quote', `"${check.quote}" does not stand in ${check.in}`)
    const calculator = calculatorById(check.calculator)
    if (!calculator) problem('calculator', `no calculator "${check.calculator}"`)
    else {
      for (const [name, input] of Object.entries(check.inputs)) {
        const field = calculator.fields.find((candidate) => candidate.name === name)
        if (!field) problem(`inputs.${name}`, `${check.calculator} has no input "${name}"`)
        else if (typeof input === 'string' && !field.options?.includes(input))
          problem(
            `inputs.${name}`,
            field.options
              ? `"${input}" is not one of ${check.calculator}.${name}'s options (${field.options.join(', ')})`
              : `${check.calculator}.${name} takes a number, not "${input}"`,
          )
      }
      if (!calculator.outputs.some((output) => output.name === check.output))
        problem('output', `${check.calculator} has no figure "${check.output}"`)
    }
    for (const [name, input] of Object.entries(check.inputs))
      if (typeof input === 'object' && !seen.has(input.check))
        problem(`inputs.${name}`, `check "${input.check}" must come earlier in the list`)
    if (seen.has(check.id)) problem('id', `duplicate check id "${check.id}"`)
    seen.add(check.id)
  }
  return problems
}
