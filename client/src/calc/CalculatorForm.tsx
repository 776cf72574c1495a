import type { CalcFieldEntry } from '@roofline/shared'
import type { CalculatorInfo } from '@roofline/shared/calc'
import type { CalculatorEvaluation } from './evaluateCalculator.ts'
import { FieldRow } from './FieldRow.tsx'
import { binaryEquivalent, formatFigure } from './formatFigure.ts'

/** Props of one calculator's form and result. */
export interface CalculatorFormProps {
  calculator: CalculatorInfo
  entries: Readonly<Record<string, CalcFieldEntry>>
  evaluation: CalculatorEvaluation
  readOnly: boolean
  onChange(patch: Record<string, CalcFieldEntry>): void
  onPin(): void
}

/** A calculator's inputs, then its result with the derivation step by step. */
export function CalculatorForm({
  calculator,
  entries,
  evaluation,
  readOnly,
  onChange,
  onPin,
}: CalculatorFormProps) {
  return (
    <div className="calc-form" data-testid={`calculator-${calculator.id}`}>
      <p className="calc-description">{calculator.description}</p>
      <div className="calc-fields">
        {calculator.fields.map((field) => (
          <FieldRow
            key={field.name}
            field={field}
            entry={entries[field.name]}
            error={evaluation.fieldErrors[field.name]}
            readOnly={readOnly}
            onChange={(entry) => onChange({ [field.name]: entry })}
          />
        ))}
      </div>
      <CalculatorResult calculator={calculator} evaluation={evaluation} readOnly={readOnly} onPin={onPin} />
    </div>
  )
}

function CalculatorResult({
  calculator,
  evaluation,
  readOnly,
  onPin,
}: {
  calculator: CalculatorInfo
  evaluation: CalculatorEvaluation
  readOnly: boolean
  onPin(): void
}) {
  const { result } = evaluation
  if (!result) {
    const labelOf = (name: string) => calculator.fields.find((f) => f.name === name)?.label ?? name
    const message =
      evaluation.error ??
      (Object.keys(evaluation.fieldErrors).length > 0
        ? 'Fix the marked inputs to see the result.'
        : `Fill in ${evaluation.missing.map(labelOf).join(', ')}.`)
    return (
      <p className="calc-waiting" data-testid="calc-waiting">
        {message}
      </p>
    )
  }
  return (
    <div className="calc-result" data-testid="calc-result">
      <dl className="calc-figures">
        {calculator.outputs.map((output) => {
          const value = result[output.name]
          if (typeof value !== 'number' && typeof value !== 'string') return null
          const binary = typeof value === 'number' ? binaryEquivalent(value, output.unit) : null
          return (
            <div key={output.name} data-testid={`calc-output-${output.name}`}>
              <dt>{output.label}</dt>
              <dd>
                {formatFigure(value, output.unit)}
                {binary && <small title="binary units"> = {binary}</small>}
              </dd>
            </div>
          )
        })}
      </dl>
      <h4 className="calc-subhead">Derivation</h4>
      <ol className="calc-steps" data-testid="calc-steps">
        {result.steps.map((step) => (
          <li key={`${step.label}:${step.formula}`} className="calc-step">
            <span className="calc-step-label">{step.label}</span>
            <code className="calc-step-formula">{step.formula}</code>
            <code className="calc-step-values">= {step.substituted}</code>
            <code className="calc-step-value">= {formatFigure(step.value, step.unit)}</code>
          </li>
        ))}
      </ol>
      {!readOnly && (
        <button type="button" className="button secondary calc-pin" onClick={onPin}>
          Pin to board
        </button>
      )}
    </div>
  )
}
