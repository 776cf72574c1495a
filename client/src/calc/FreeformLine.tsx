import { useId } from 'react'
import { evaluateExpression, MAX_EXPRESSION_LENGTH } from './expression.ts'
import './calcPanel.css'

const EXAMPLES = [
  '70e9 * 2 B / (3.35 TB/s) in ms',
  '2 * 70e9 FLOP / (989 TFLOP/s) in ms',
  '400 Gb/s to GB/s',
  '80 GiB to GB',
] as const

/** Props of the free-form line. */
export interface FreeformLineProps {
  expression: string
  readOnly: boolean
  onChange(expression: string): void
  onPin(expression: string, result: string): void
}

/** Arithmetic with units, evaluated safely as it is typed; errors point at where they are. */
export function FreeformLine({ expression, readOnly, onChange, onPin }: FreeformLineProps) {
  const id = useId()
  const outcome = evaluateExpression(expression)
  return (
    <div className="calc-form freeform" data-testid="calculator-freeform">
      <label htmlFor={id} className="calc-description">
        Any arithmetic with units: B, kB, GiB, b (bits), FLOP, s, ms, µs, params, tokens… Convert with{' '}
        <code>in</code> or <code>to</code>.
      </label>
      <input
        id={id}
        className="freeform-input"
        data-testid="freeform-input"
        type="text"
        spellCheck={false}
        autoComplete="off"
        maxLength={MAX_EXPRESSION_LENGTH + 50}
        value={expression}
        placeholder="70e9 * 2 B / (3.35 TB/s) in ms"
        readOnly={readOnly}
        aria-invalid={outcome.kind === 'error' || undefined}
        aria-describedby={`${id}-out`}
        onChange={(e) => onChange(e.target.value)}
      />
      <div id={`${id}-out`} aria-live="polite">
        {outcome.kind === 'ok' && (
          <div className="calc-result" data-testid="freeform-result">
            <p className="freeform-value">= {outcome.text}</p>
            {outcome.detail && <p className="calc-field-note">{outcome.detail}</p>}
            {!readOnly && (
              <button
                type="button"
                className="button secondary calc-pin"
                onClick={() => onPin(expression.trim(), outcome.text)}
              >
                Pin to board
              </button>
            )}
          </div>
        )}
        {outcome.kind === 'error' && (
          <div className="freeform-error" data-testid="freeform-error">
            {outcome.position !== null && (
              <pre aria-hidden="true">
                {expression.slice(0, 80)}
                {'\n'}
                {`${' '.repeat(Math.min(outcome.position, 80))}^`}
              </pre>
            )}
            <p className="calc-field-error">
              {outcome.position !== null ? `At character ${outcome.position + 1}: ` : ''}
              {outcome.message}
            </p>
          </div>
        )}
      </div>
      {!readOnly && (
        <div className="freeform-examples">
          <span>Try:</span>
          {EXAMPLES.map((example) => (
            <button key={example} type="button" className="linklike" onClick={() => onChange(example)}>
              {example}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
