import type { SimChart } from '@roofline/shared'
import type { ReactElement } from 'react'
import { fitText, INK, MUTED, SANS } from '../boardTools/svgText.tsx'

/** Line colours, in legend order (distinct in greyscale too: dark, mid, light). */
export const LINE_COLOURS = ['#1d4ed8', '#dc2626', '#15803d', '#b45309', '#6d28d9', '#0f766e']

/** A round step for an axis: 1, 2 or 5 times a power of ten, about a third of `max`. */
function niceMax(max: number): number {
  if (!(max > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(max))
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= max) ?? 10
  return step * power
}

/** A tick label: short, without trailing zeros (1.5k, 250, 0.02). */
export function tickText(value: number): string {
  if (value >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`
  if (value >= 1e3) return `${Number((value / 1e3).toPrecision(3))}k`
  return String(Number(value.toPrecision(3)))
}

/**
 * One chart of a run in plain SVG (the panel, the pinned card and its export draw the same): the
 * title with its unit, a y axis from 0 with three ticks, an x axis in seconds (the last tick says so), one polyline per
 * line (gaps where nothing was measured), the SLO as a dashed red line, the perturbation's window
 * as a shaded band, and a legend under the title.
 */
export function SimChartSvg({
  chart,
  x,
  y,
  w,
  h,
}: {
  chart: SimChart
  x: number
  y: number
  w: number
  h: number
}): ReactElement {
  const left = 38
  const legendRows = Math.ceil(chart.lines.length / 3)
  const top = 20 + legendRows * 11
  const bottom = 14
  const right = 8
  const plotW = Math.max(10, w - left - right)
  const plotH = Math.max(10, h - top - bottom)
  const tMax = Math.max(1e-9, chart.t[chart.t.length - 1] ?? 1)
  const values = chart.lines.flatMap((line) => line.values.filter((v): v is number => v !== null))
  const yMax = niceMax(Math.max(0, ...values, chart.limit ?? 0))
  const px = (t: number) => left + (t / tMax) * plotW
  const py = (v: number) => top + plotH - (Math.min(v, yMax) / yMax) * plotH
  const ticks = [0, yMax / 2, yMax]
  const segments = (vals: ReadonlyArray<number | null>) => {
    const runs: string[] = []
    let current: string[] = []
    vals.forEach((v, i) => {
      if (v === null) {
        if (current.length > 0) runs.push(current.join(' '))
        current = []
        return
      }
      current.push(`${px(chart.t[i] ?? 0).toFixed(1)},${py(v).toFixed(1)}`)
    })
    if (current.length > 0) runs.push(current.join(' '))
    return runs
  }
  return (
    <g transform={`translate(${x} ${y})`} fontFamily={SANS} data-chart={chart.title}>
      <text x={0} y={11} fontSize={11.5} fontWeight={700} fill={INK}>
        {fitText(`${chart.title} (${chart.unit})`, w * 0.9, 11.5)}
      </text>
      {chart.lines.map((line, i) => (
        <g key={line.label} transform={`translate(${(i % 3) * (w / 3)} ${14 + Math.floor(i / 3) * 11})`}>
          <rect x={0} y={3} width={8} height={3} fill={LINE_COLOURS[i % LINE_COLOURS.length]} />
          <text x={11} y={8} fontSize={9} fill={MUTED}>
            {fitText(line.label, w / 3 - 14, 9)}
          </text>
        </g>
      ))}
      {chart.window && (
        <rect
          x={px(chart.window[0])}
          y={top}
          width={Math.max(1.5, px(chart.window[1]) - px(chart.window[0]))}
          height={plotH}
          fill="#f59e0b"
          opacity={0.14}
        />
      )}
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={left} x2={left + plotW} y1={py(tick)} y2={py(tick)} stroke="#e2e8f0" />
          <text x={left - 4} y={py(tick) + 3} fontSize={9} fill={MUTED} textAnchor="end">
            {tickText(tick)}
          </text>
        </g>
      ))}
      <line x1={left} x2={left} y1={top} y2={top + plotH} stroke="#94a3b8" />
      {[0, tMax / 2, tMax].map((t, i) => (
        <text
          key={t}
          x={px(t)}
          y={top + plotH + 11}
          fontSize={9}
          fill={MUTED}
          textAnchor={i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}
        >
          {i === 2 ? `${tickText(t)} s` : tickText(t)}
        </text>
      ))}
      {chart.limit !== null && chart.limit <= yMax && (
        <line
          x1={left}
          x2={left + plotW}
          y1={py(chart.limit)}
          y2={py(chart.limit)}
          stroke="#dc2626"
          strokeDasharray="4 3"
          opacity={0.7}
        />
      )}
      {chart.lines.map((line, i) =>
        segments(line.values).map((points) => (
          <polyline
            key={`${line.label}-${points.slice(0, 24)}`}
            points={points}
            fill="none"
            stroke={LINE_COLOURS[i % LINE_COLOURS.length]}
            strokeWidth={1.5}
            strokeLinejoin="round"
          />
        )),
      )}
    </g>
  )
}
