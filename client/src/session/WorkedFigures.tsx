import { type WorkedCheck, workChecks } from '@roofline/shared'
import { calculatorById } from '@roofline/shared/calc'
import { useMemo } from 'react'
import { formatFigure } from '../calc/formatFigure.ts'

/**
 * The figures one answer, card or rubric item states, each worked by the calculator that
 * produces it ("Worked: decode step at 70% of peak = 22.1 ms"), so the interviewer can check a
 * candidate's number against the same math and see what it assumes. Nothing when the item
 * states no calculated figure.
 */
export function WorkedFigures({ checks, itemId }: { checks: readonly WorkedCheck[]; itemId: string }) {
  // Worked once for the whole template: a check may take an earlier check's result as input.
  const results = useMemo(() => workChecks(checks), [checks])
  const mine = results.filter((result) => result.check.in === itemId)
  if (mine.length === 0) return null
  return (
    <ul className="worked-figures" aria-label="Worked figures">
      {mine.map((result) => {
        const calculator = calculatorById(result.check.calculator)
        const unit = calculator?.outputs.find((output) => output.name === result.check.output)?.unit ?? null
        const value = result.ok ? formatFigure(result.value, unit) : null
        return (
          <li
            key={result.check.id}
            className="worked-figure"
            data-testid={`worked-${result.check.id}`}
            data-value={result.ok ? result.value : undefined}
          >
            <span className="worked-label">Worked:</span> {result.check.label} ={' '}
            {value ? <strong>{value}</strong> : <em>cannot be computed</em>}{' '}
            <span className="worked-source">
              ({calculator?.title ?? result.check.calculator}
              {result.ok
                ? `; ${describeInputs(result.inputs, result.check.calculator)}`
                : `: ${result.error}`}
              )
            </span>
            {result.ok && !result.agrees && (
              <span className="worked-warning"> differs from the stated “{result.check.quote}”</span>
            )}
          </li>
        )
      })}
    </ul>
  )
}

/** "Collective allReduce, Batch 256, Memory bandwidth 13.4 TB/s, …": the inputs the figure was worked from. */
function describeInputs(inputs: Record<string, number | string>, calculatorId: string): string {
  const fields = calculatorById(calculatorId)?.fields ?? []
  return Object.entries(inputs)
    .map(([name, value]) => {
      const field = fields.find((candidate) => candidate.name === name)
      const shown = typeof value === 'string' ? value : formatFigure(value, field?.unit ?? null)
      return `${field?.label ?? name} ${shown}`
    })
    .join(', ')
}
