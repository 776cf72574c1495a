import type { CalcFieldEntry, CalcRecordedResult } from '@roofline/shared'
import { type AnyCalcResult, CalcInputError, type CalculatorInfo } from '@roofline/shared/calc'
import { readField } from './fieldValue.ts'

/** A calculator run on the inputs in the shared document, with a message for every bad field. */
export interface CalculatorEvaluation {
  /** Message per field name, shown at the field. */
  fieldErrors: Record<string, string>
  /** Required fields still empty. */
  missing: string[]
  /** The good inputs in SI units, by field name (what the calculator was given). */
  values: Record<string, number | string | boolean>
  /** The figures and derivation, when every input is good. */
  result: AnyCalcResult | null
  /** A problem that belongs to no single field. */
  error: string | null
}

/**
 * Reads every field, and runs the calculator only when all of them are good: the calculator's
 * own checks (e.g. tensor parallel must divide the heads) land on the field they name.
 *
 * @example evaluateCalculator(calculatorById('kvCache')!, { layers: { raw: '80', unit: '' }, ... })
 */
export function evaluateCalculator(
  calculator: CalculatorInfo,
  entries: Readonly<Record<string, CalcFieldEntry>>,
): CalculatorEvaluation {
  const fieldErrors: Record<string, string> = {}
  const missing: string[] = []
  const values: Record<string, number | string | boolean> = {}
  for (const field of calculator.fields) {
    const value = readField(field, entries[field.name])
    if (value.kind === 'error') fieldErrors[field.name] = value.message
    else if (value.kind === 'ok') values[field.name] = value.value
    else if (field.required) missing.push(field.name)
    // An empty field takes the default its placeholder shows, which may be the panel's own
    // (decode at 70% of peak bandwidth) rather than the API's.
    else if (field.default !== undefined) values[field.name] = field.default
  }
  if (Object.keys(fieldErrors).length > 0 || missing.length > 0) {
    return { fieldErrors, missing, values, result: null, error: null }
  }
  try {
    return { fieldErrors, missing, values, result: calculator.run(values), error: null }
  } catch (error) {
    if (error instanceof CalcInputError && calculator.fields.some((f) => f.name === error.field)) {
      fieldErrors[error.field] = withoutSubject(error.message, calculator.id, error.field)
      return { fieldErrors, missing, values, result: null, error: null }
    }
    const message = error instanceof Error ? error.message : String(error)
    return { fieldErrors, missing, values, result: null, error: message }
  }
}

/** 'kvCache: layers must be ≤ 1e8' → 'Must be ≤ 1e8': the field already says which input. */
function withoutSubject(message: string, calculator: string, field: string): string {
  const prefix = `${calculator}: ${field} `
  const rest = message.startsWith(prefix) ? message.slice(prefix.length) : message
  return rest.charAt(0).toUpperCase() + rest.slice(1)
}

/**
 * The compact result kept in the shared document beside the inputs, for the recording.
 *
 * @example recordedResult(evaluation) // { ok: true, figures: { bytesPerToken: 327680, bytes: 2.68e10 } }
 */
export function recordedResult(evaluation: CalculatorEvaluation): CalcRecordedResult {
  if (!evaluation.result) {
    const problems = [
      ...Object.entries(evaluation.fieldErrors).map(([name, message]) => `${name}: ${message}`),
      ...evaluation.missing.map((name) => `${name}: required`),
      ...(evaluation.error ? [evaluation.error] : []),
    ]
    return { ok: false, figures: {}, error: problems.join('; ').slice(0, 400) }
  }
  const figures: Record<string, number | string> = {}
  for (const [name, value] of Object.entries(evaluation.result)) {
    if (typeof value === 'number' || typeof value === 'string') figures[name] = value
  }
  return { ok: true, figures }
}
