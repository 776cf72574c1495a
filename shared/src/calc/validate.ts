import type { z } from 'zod'
import { CalcInputError } from './errors.ts'
import { formatNumber } from './units.ts'

/**
 * Parses a calculator's input against its schema, applying defaults, and turns the first zod
 * issue into a CalcInputError that names the field and says, in words, what was wrong.
 *
 * @example parseInput('kvCache', kvCacheInput, { layers: 0, ... })
 * // throws CalcInputError { field: 'layers', message: 'kvCache: layers must be > 0, got 0' }
 */
export function parseInput<S extends z.ZodType>(calculator: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  if (!issue) throw new CalcInputError(calculator, '(input)', `${calculator}: invalid input`)
  const field = fieldOf(issue)
  const received = receivedValue(input, field)
  const subject = field === '(input)' ? 'input' : field
  throw new CalcInputError(calculator, field, `${calculator}: ${subject} ${explain(issue, received)}`)
}

function fieldOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return issue.keys[0] ?? '(input)'
  const first = issue.path[0]
  return first === undefined ? '(input)' : String(first)
}

function receivedValue(input: unknown, field: string): unknown {
  if (field === '(input)' || typeof input !== 'object' || input === null) return input
  return (input as Record<string, unknown>)[field]
}

function explain(issue: z.core.$ZodIssue, received: unknown): string {
  const got = `, got ${show(received)}`
  if (received === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom')
    return 'is required'
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return `must be a whole number${got}`
      if (issue.expected === 'number') return `must be a finite number${got}`
      return `must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}${got}`
    case 'too_small':
      return `must be ${issue.inclusive ? '≥' : '>'} ${show(issue.minimum)}${got}`
    case 'too_big':
      if (!issue.inclusive) return `must be below ${show(issue.maximum)}${got}`
      return `must be ≤ ${show(issue.maximum)} (larger is not a plausible value)${got}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}${got}`
    case 'unrecognized_keys':
      return 'is not an input of this calculator'
    default:
      // A cross-field rule may fire at a field left empty ("needed with layers"): say so, not "got undefined".
      return received === undefined ? issue.message : `${issue.message}${got}`
  }
}

function show(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value)
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'string') return JSON.stringify(value)
  return String(value)
}
