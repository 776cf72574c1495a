import type { CalcCardProps } from '@roofline/shared'
import type { ReactElement } from 'react'
import { BOLD_ADVANCE, fitText, INK, MONO, MUTED, Outline, SANS } from '../boardTools/svgText.tsx'

/** The calc-card's blue (styles.css holds the same for the canvas). */
const ACCENT = '#4c6ef5'
const PAD = 12

/**
 * A pinned calculation in plain SVG, for exports: title, inputs, the derivation and the figures,
 * top to bottom like the card on the canvas, cut at the card's height (what the card hides the
 * export hides too). No "Open in panel" button: an image cannot open anything.
 */
export function CalcCardSvg({ card }: { card: CalcCardProps }): ReactElement {
  const { w, h } = card
  const inner = Math.max(0, w - 2 * PAD)
  const rows: ReactElement[] = []
  let y = PAD + 10
  const add = (height: number, render: (top: number) => ReactElement) => {
    if (y + height > h - 6) return
    rows.push(render(y))
    y += height
  }
  add(14, (top) => (
    <text key="kind" x={PAD} y={top} fontSize={10} fontWeight={700} letterSpacing={0.8} fill={ACCENT}>
      CALCULATION
    </text>
  ))
  add(24, (top) => (
    <text key="title" x={PAD} y={top + 6} fontSize={15} fontWeight={700} fill={INK}>
      {fitText(card.title, inner, 15, BOLD_ADVANCE)}
    </text>
  ))
  for (const input of card.inputs) {
    add(17, (top) => (
      <g key={`in-${input.name}`} fontSize={12}>
        <text x={PAD} y={top} fill={MUTED}>
          {fitText(input.label, inner * 0.55, 12)}
        </text>
        <text x={w - PAD} y={top} fill={INK} textAnchor="end">
          {fitText(input.text, inner * 0.45, 12)}
        </text>
      </g>
    ))
  }
  card.steps.forEach((step, index) => {
    add(16, (top) => (
      <text key={`label-${step.label}`} x={PAD} y={top + 4} fontSize={11.5} fontWeight={600} fill={INK}>
        {fitText(`${index + 1}. ${step.label}`, inner, 11.5)}
      </text>
    ))
    for (const [part, text] of [
      ['formula', step.formula],
      ['result', `= ${step.substituted} = ${step.result}`],
    ] as const) {
      add(part === 'formula' ? 15 : 17, (top) => (
        <text
          key={`${part}-${step.label}`}
          x={PAD + 12}
          y={top + 4}
          fontSize={11}
          fontFamily={MONO}
          fill={MUTED}
        >
          {fitText(text, inner - 12, 11, 0.62)}
        </text>
      ))
    }
  })
  if (card.figures.length > 0) {
    add(8, (top) => <line key="rule" x1={PAD} x2={w - PAD} y1={top} y2={top} stroke="#dbe4ff" />)
  }
  for (const figure of card.figures) {
    add(22, (top) => (
      <g key={`fig-${figure.label}`}>
        <text x={PAD} y={top + 10} fontSize={12} fill={INK}>
          {fitText(figure.label, inner * 0.45, 12)}
        </text>
        <text x={w - PAD} y={top + 11} fontSize={15} fontWeight={700} fill={INK} textAnchor="end">
          {fitText(figure.text, inner * 0.55, 15, BOLD_ADVANCE)}
        </text>
      </g>
    ))
  }
  if (card.pinnedBy) {
    add(14, (top) => (
      <text key="by" x={PAD} y={top + 6} fontSize={10} fill={MUTED}>
        {fitText(`pinned by ${card.pinnedBy}`, inner, 10)}
      </text>
    ))
  }
  return (
    <g fontFamily={SANS}>
      <Outline w={w} h={h} rx={10} strokeWidth={1.5} fill="#ffffff" stroke={ACCENT} />
      {rows}
    </g>
  )
}
