import type { CalcFieldEntry } from '@roofline/shared'
import type { CalculatorInfo } from '@roofline/shared/calc'
import type { CalcDocState } from './calcDoc.ts'
import { type LinkSource, type LinkTarget, linkTargets } from './calcLinks.ts'
import type { CalculatorEvaluation } from './evaluateCalculator.ts'
import { FieldRow } from './FieldRow.tsx'
import { binaryEquivalent, formatFigure } from './formatFigure.ts'
import { UseInMenu } from './UseInMenu.tsx'
import './formula.css'
import './calcPanel.css'

/** Props of one calculator's form and result. */
export interface CalculatorFormProps {
  calculator: CalculatorInfo
  entries: Readonly<Record<string, CalcFieldEntry>>
  evaluation: CalculatorEvaluation
  /** Inputs that take another calculator's result, by field name. */
  sources: Readonly<Record<string, LinkSource>>
  /** The room's calculators, for the inputs a result can be used in. */
  linkState: CalcDocState
  readOnly: boolean
  onChange(patch: Record<string, CalcFieldEntry>): void
  onPin(): void
  onUnlink(field: string): void
  onUseIn(output: string, target: LinkTarget): void
}

/** A calculator's inputs, then its result with the derivation step by step. */
export function CalculatorForm({
  calculator,
  entries,
  evaluation,
  sources,
  linkState,
  readOnly,
  onChange,
  onPin,
  onUnlink,
  onUseIn,
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
            source={sources[field.name]}
            readOnly={readOnly}
            onChange={(entry) => onChange({ [field.name]: entry })}
            onUnlink={() => onUnlink(field.name)}
          />
        ))}
      </div>
      <CalculatorResult
        calculator={calculator}
        evaluation={evaluation}
        sources={sources}
        readOnly={readOnly}
        onPin={onPin}
        targetsOf={(output) => linkTargets(linkState, calculator.id, output)}
        onUseIn={onUseIn}
      />
    </div>
  )
}

function CalculatorResult({
  calculator,
  evaluation,
  sources,
  readOnly,
  onPin,
  targetsOf,
  onUseIn,
}: {
  calculator: CalculatorInfo
  evaluation: CalculatorEvaluation
  sources: Readonly<Record<string, LinkSource>>
  readOnly: boolean
  onPin(): void
  targetsOf(output: string): LinkTarget[]
  onUseIn(output: string, target: LinkTarget): void
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
              <dt>
                {output.label}
                {!readOnly && typeof value === 'number' && (
                  <UseInMenu
                    output={output}
                    targets={targetsOf(output.name)}
                    onChoose={(target) => onUseIn(output.name, target)}
                  />
                )}
              </dt>
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
        {Object.entries(sources).map(([field, source]) => (
          <li
            key={`link:${field}`}
            className="calc-step calc-step-link"
            data-testid={`calc-step-link-${field}`}
          >
            <span className="calc-step-label">Taken from another calculator ({source.outputLabel})</span>
            <code className="calc-step-formula">
              {field} = {source.text} from {source.calculatorTitle}
            </code>
          </li>
        ))}
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
