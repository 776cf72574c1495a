import type { SimCardProps } from '@roofline/shared'
import type { ReactElement } from 'react'
import { ADVANCE, BOLD_ADVANCE, fitText, INK, MUTED, Outline, SANS } from '../boardTools/svgText.tsx'
import { SimChartSvg } from './SimChartSvg.tsx'

/** The sim-card's accent (sim.css holds the same for the panel). */
export const SIM_ACCENT = '#b45309'
const PAD = 12
const HEAD = 100
const FIGURE_ROW = 32
const CHART_H = 128

/** Words of `text` in lines of about what fits in `width` at `size` (SVG text does not wrap). */
export function wrapText(
  text: string,
  width: number,
  size: number,
  maxLines: number,
  advance = ADVANCE,
): string[] {
  const perLine = Math.max(8, Math.floor(width / (size * advance)))
  const lines: string[] = []
  let current = ''
  for (const word of text.split(/\s+/)) {
    if (current && `${current} ${word}`.length > perLine) {
      lines.push(current)
      current = word
    } else current = current ? `${current} ${word}` : word
  }
  if (current) lines.push(current)
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines)
    kept[maxLines - 1] = fitText(`${kept[maxLines - 1]} ${lines[maxLines]}`, width, size, advance)
    return kept
  }
  return lines
}

/** The height a card needs for its figures and charts (two columns of each). */
export function simCardHeight(figures: number, charts: number): number {
  return HEAD + Math.ceil(figures / 4) * FIGURE_ROW + Math.ceil(charts / 2) * (CHART_H + 8) + PAD + 16
}

/**
 * A pinned simulation run in plain SVG: the canvas draws it and the export is the same (so an
 * exported board and the replay show what was pinned): the stress card, the load, what broke
 * first, the figures in four columns and the charts in two.
 */
export function SimCardSvg({ card }: { card: SimCardProps }): ReactElement {
  const { w, h } = card
  const inner = w - 2 * PAD
  // Drawn semi-bold: wrapped at the bold advance, so no line runs past the card's edge.
  const broke = wrapText(`What broke first: ${card.brokeFirst}`, inner, 12, 2, BOLD_ADVANCE)
  const figureTop = HEAD
  const chartTop = figureTop + Math.ceil(card.figures.length / 4) * FIGURE_ROW + 4
  const colW = (inner - 12) / 2
  return (
    <g fontFamily={SANS}>
      <Outline w={w} h={h} fill="#fffbeb" stroke={SIM_ACCENT} />
      <text x={PAD} y={PAD + 10} fontSize={10} fontWeight={700} letterSpacing={0.8} fill={SIM_ACCENT}>
        SIMULATION
      </text>
      <text x={PAD} y={PAD + 30} fontSize={15} fontWeight={700} fill={INK}>
        {fitText(card.title, inner, 15, BOLD_ADVANCE)}
      </text>
      <text x={PAD} y={PAD + 46} fontSize={11} fill={MUTED}>
        {fitText(card.subtitle, inner, 11)}
      </text>
      {broke.map((line, i) => (
        <text key={line} x={PAD} y={PAD + 64 + i * 15} fontSize={12} fontWeight={600} fill="#991b1b">
          {line}
        </text>
      ))}
      {card.figures.map((figure, i) => {
        const fx = PAD + (i % 4) * (inner / 4)
        const fy = figureTop + Math.floor(i / 4) * FIGURE_ROW
        return (
          <g key={figure.label}>
            <text x={fx} y={fy + 10} fontSize={9.5} fill={MUTED}>
              {fitText(figure.label, inner / 4 - 6, 9.5)}
            </text>
            <text x={fx} y={fy + 25} fontSize={12.5} fontWeight={700} fill={INK}>
              {fitText(figure.text, inner / 4 - 6, 12.5, BOLD_ADVANCE)}
            </text>
          </g>
        )
      })}
      {card.charts.map((chart, i) => {
        const cy = chartTop + Math.floor(i / 2) * (CHART_H + 8)
        if (cy + CHART_H > h - 14) return null
        return (
          <SimChartSvg
            key={chart.title}
            chart={chart}
            x={PAD + (i % 2) * (colW + 12)}
            y={cy}
            w={colW}
            h={CHART_H}
          />
        )
      })}
      {card.pinnedBy && (
        <text x={w - PAD} y={h - 8} fontSize={10} fill={MUTED} textAnchor="end">
          {fitText(`pinned by ${card.pinnedBy}`, inner, 10)}
        </text>
      )}
    </g>
  )
}
