import {
  combineSymbols,
  type FigureUnit,
  isCombined,
  isStep,
  type WorkedCheck,
  type WorkedResult,
  workChecks,
} from '@roofline/shared'
import { calculatorById, formatNumber } from '@roofline/shared/calc'
import { useMemo } from 'react'
import { formatFigure } from '../calc/formatFigure.ts'
import './session.css'

/**
 * The figures one answer, card or rubric item states, each worked by the calculator that
 * produces it ("Worked: decode step at 70% of peak = 22.1 ms"), or combined from figures worked
 * before it ("Worked: 70B over 8B per token = 8.79× (Ratio: 70B weights 141 GB ÷ 8B weights
 * 16.1 GB)"), so the interviewer can check a candidate's number against the same math and see
 * what it assumes. A working step (a figure no text states, used by a later check) is shown as
 * "Worked step:". Nothing when the item states no calculated figure.
 */
export function WorkedFigures({ checks, itemId }: { checks: readonly WorkedCheck[]; itemId: string }) {
  // Worked once for the whole template: a check may take an earlier check's result as input.
  const results = useMemo(() => workChecks(checks), [checks])
  const byId = useMemo(() => new Map(results.map((result) => [result.check.id, result])), [results])
  const mine = results.filter((result) => result.check.in === itemId)
  if (mine.length === 0) return null
  return (
    <ul className="worked-figures" aria-label="Worked figures">
      {mine.map((result) => {
        const { check } = result
        const value = result.ok ? figure(result.value, result.unit) : null
        return (
          <li
            key={check.id}
            className="worked-figure"
            data-testid={`worked-${check.id}`}
            data-value={result.ok ? result.value : undefined}
          >
            <span className="worked-label">{isStep(check) ? 'Worked step:' : 'Worked:'}</span> {check.label} ={' '}
            {value ? <strong>{value}</strong> : <em>cannot be computed</em>}{' '}
            <span className="worked-source">({describeSource(result, byId)})</span>
            {result.ok && !result.agrees && (
              <span className="worked-warning"> differs from the stated “{check.quote}”</span>
            )}
          </li>
        )
      })}
    </ul>
  )
}

/** A figure in its unit; a multiple reads "2.14×". */
function figure(value: number, unit: FigureUnit | null): string {
  return unit === '×' ? `${formatNumber(Number(value.toPrecision(3)))}×` : formatFigure(value, unit)
}

const COMBINE_TITLES = { sum: 'Sum', difference: 'Difference', product: 'Product', ratio: 'Ratio' } as const

/**
 * Where a figure comes from: the calculator and its inputs, or the operation over the earlier
 * figures it combines; or why it cannot be computed.
 */
function describeSource(result: WorkedResult, byId: ReadonlyMap<string, WorkedResult>): string {
  const { check } = result
  // A sum or product of one operand is that operand scaled ("3 × peak write rate").
  const title = isCombined(check)
    ? check.of.length === 1
      ? 'Scaled'
      : COMBINE_TITLES[check.combine]
    : (calculatorById(check.calculator)?.title ?? check.calculator)
  if (!result.ok) return `${title}: ${result.error}`
  if (!isCombined(check)) return `${title}; ${describeInputs(result.inputs, check.calculator)}`
  const operands = result.operands.map((operand) => {
    const earlier = operand.check ? byId.get(operand.check) : undefined
    if (!earlier?.ok) return formatNumber(operand.value)
    const scale = operand.times !== undefined ? `${formatNumber(operand.times)} × ` : ''
    return `${scale}${earlier.check.label} ${figure(earlier.value, earlier.unit)}`
  })
  return `${title}: ${operands.join(` ${combineSymbols[check.combine]} `)}`
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
