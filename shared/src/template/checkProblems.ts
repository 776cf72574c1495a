import { calculatorById } from '../calc/registry.ts'
import { arityProblem } from './combinedChecks.ts'
import { type CalculatorCheck, isCombined, referencesOf, type WorkedCheck } from './workedChecks.ts'

/** One thing wrong with a template's checks: the check's position, the field, and why. */
export interface CheckProblem {
  index: number
  field: string
  message: string
}

/**
 * Problems a template's checks have on their own, before anything is computed: an unknown
 * calculator, field or figure, a word given to a field that takes no such option (or takes a
 * number), a combination with the wrong number of operands, a reference to itself, to a later
 * or to a missing check (a cycle is named as one). `texts` maps each question, card and rubric
 * id to its text, so a quote that no longer stands in it is caught; a working step (no quote,
 * no expected) must feed a later check.
 */
export function checkProblems(
  checks: readonly WorkedCheck[],
  texts: ReadonlyMap<string, string>,
): CheckProblem[] {
  const problems: CheckProblem[] = []
  const seen = new Set<string>()
  for (const [index, check] of checks.entries()) {
    const problem = (field: string, message: string) => problems.push({ index, field, message })
    const text = texts.get(check.in)
    if (text === undefined) problem('in', `no question, card or rubric item "${check.in}"`)
    else if (check.quote !== undefined && !text.includes(check.quote))
      problem('quote', `"${check.quote}" does not stand in ${check.in}`)
    if ((check.quote === undefined) !== (check.expected === undefined))
      problem(
        check.quote === undefined ? 'quote' : 'expected',
        'a check states a figure (quote and expected) or is a working step (neither), not half of each',
      )
    else if (check.quote === undefined && !usedLater(checks, index))
      problem('quote', `working step "${check.id}" states no figure and no later check uses it`)
    if (isCombined(check)) {
      const arity = arityProblem(check.combine, check.of.length)
      if (arity) problem('of', arity)
    } else calculatorProblems(check, problem)
    if (seen.has(check.id)) problem('id', `duplicate check id "${check.id}"`)
    seen.add(check.id)
  }
  problems.push(
    ...referenceProblems(checks.map((check) => ({ id: check.id, references: referencesOf(check) }))),
  )
  return problems.sort((a, b) => a.index - b.index)
}

/** True when a check after `index` takes the result of the check at `index`. */
function usedLater(checks: readonly WorkedCheck[], index: number): boolean {
  const id = checks[index]?.id
  return checks
    .slice(index + 1)
    .some((later) => referencesOf(later).some((reference) => reference.check === id))
}

function calculatorProblems(check: CalculatorCheck, problem: (field: string, message: string) => void): void {
  const calculator = calculatorById(check.calculator)
  if (!calculator) {
    problem('calculator', `no calculator "${check.calculator}"`)
    return
  }
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

/** A check as far as references go: its id and each reference it makes, by the field holding it. */
export interface ReferencingCheck {
  id: string
  references: ReadonlyArray<{ field: string; check: string }>
}

/**
 * What is wrong with the references between a template's checks: a reference to itself, to no
 * check of the template, or to a later one (a check may use only earlier results, which also
 * rules out cycles; a cycle is named as such, with its path, so it can be broken where it closes).
 *
 * @example referenceProblems([{ id: 'k-a', references: [{ field: 'of.0', check: 'k-b' }] }, { id: 'k-b', references: [] }])
 * // [{ index: 0, field: 'of.0', message: 'check "k-b" comes later in the list; a check can use only earlier results' }]
 */
export function referenceProblems(checks: readonly ReferencingCheck[]): CheckProblem[] {
  const position = new Map<string, number>()
  for (const [index, check] of checks.entries()) if (!position.has(check.id)) position.set(check.id, index)
  const problems: CheckProblem[] = []
  for (const [index, check] of checks.entries()) {
    for (const { field, check: target } of check.references) {
      const at = position.get(target)
      const problem = (message: string) => problems.push({ index, field, message })
      if (target === check.id) problem(`check "${target}" refers to itself`)
      else if (at === undefined) problem(`no check "${target}" in this template`)
      else if (at > index) {
        const cycle = cycleThrough(checks, position, target, check.id)
        problem(
          cycle
            ? `checks ${[check.id, ...cycle].map((id) => `"${id}"`).join(' → ')} form a cycle; a check can use only earlier results`
            : `check "${target}" comes later in the list; a check can use only earlier results`,
        )
      }
    }
  }
  return problems
}

/** A path of references from `from` back to `to`, or null: a depth-first walk that visits each check once. */
function cycleThrough(
  checks: readonly ReferencingCheck[],
  position: ReadonlyMap<string, number>,
  from: string,
  to: string,
): string[] | null {
  const visited = new Set<string>()
  const walk = (id: string): string[] | null => {
    if (id === to) return [id]
    if (visited.has(id)) return null
    visited.add(id)
    const at = position.get(id)
    for (const reference of at === undefined ? [] : (checks[at]?.references ?? [])) {
      const rest = walk(reference.check)
      if (rest) return [id, ...rest]
    }
    return null
  }
  return walk(from)
}
