import { formatQuantity } from '@roofline/shared/calc'
import { formatFigure } from './formatFigure.ts'
import { planRooflineChart, type RooflineChartInput } from './rooflineChart.ts'
import './calcPanel.css'

/** Props of the roofline chart. */
export interface RooflineChartProps extends RooflineChartInput {
  /** What the roofs are, e.g. 'NVIDIA H100 SXM5 80GB, BF16 dense'. */
  title: string
  /** What the point is, e.g. 'decode step'. */
  pointLabel?: string
}

/** A log-log roofline of one GPU with the workload's point on it, drawn as plain SVG. */
export function RooflineChart({ title, pointLabel = 'workload', ...input }: RooflineChartProps) {
  const plan = planRooflineChart(input)
  const { plot } = plan
  const pointFill = plan.point?.bound === 'memory' ? '#e8590c' : '#2f9e44'
  const ridgeOnRight = plan.ridge.x > (plot.left + plot.right) / 2
  return (
    <figure className="roofline-chart" data-testid="roofline-chart">
      <figcaption>Roofline: {title}</figcaption>
      <svg
        viewBox={`0 0 ${plan.width} ${plan.height}`}
        width={plan.width}
        height={plan.height}
        role="img"
        aria-label={`Roofline of ${title}: peak ${formatQuantity(input.peakFlops, 'FLOP/s')}, memory ${formatQuantity(input.memBandwidth, 'bytes/s')}, ridge at ${formatFigure(plan.ridge.intensity, 'FLOP/byte')}`}
      >
        <rect
          x={plot.left}
          y={plot.top}
          width={plot.right - plot.left}
          height={plot.bottom - plot.top}
          className="rc-frame"
        />
        {plan.xTicks.map((tick) => (
          <g key={`x${tick.label}`}>
            <line x1={tick.at} x2={tick.at} y1={plot.top} y2={plot.bottom} className="rc-grid" />
            <text x={tick.at} y={plot.bottom + 12} textAnchor="middle" className="rc-tick">
              {tick.label}
            </text>
          </g>
        ))}
        {plan.yTicks.map((tick) => (
          <g key={`y${tick.label}`}>
            <line x1={plot.left} x2={plot.right} y1={tick.at} y2={tick.at} className="rc-grid" />
            <text x={plot.left - 4} y={tick.at + 3} textAnchor="end" className="rc-tick">
              {tick.label}
            </text>
          </g>
        ))}
        <text x={(plot.left + plot.right) / 2} y={plan.height - 3} textAnchor="middle" className="rc-axis">
          arithmetic intensity (FLOP/byte)
        </text>
        <text
          x={10}
          y={(plot.top + plot.bottom) / 2}
          textAnchor="middle"
          transform={`rotate(-90 10 ${(plot.top + plot.bottom) / 2})`}
          className="rc-axis"
        >
          FLOP/s
        </text>
        <path d={plan.roof} className="rc-roof" />
        <line x1={plan.ridge.x} x2={plan.ridge.x} y1={plan.ridge.y} y2={plot.bottom} className="rc-ridge" />
        <text
          x={plan.ridge.x + (ridgeOnRight ? -4 : 4)}
          y={plot.bottom - 5}
          textAnchor={ridgeOnRight ? 'end' : 'start'}
          className="rc-label"
        >
          ridge {formatFigure(Number(plan.ridge.intensity.toPrecision(3)), 'FLOP/byte')}
        </text>
        <text x={plot.right - 3} y={plan.ridge.y - 5} textAnchor="end" className="rc-label">
          {formatQuantity(input.peakFlops, 'FLOP/s')}
        </text>
        <text
          x={plan.slopeLabel.x}
          y={plan.slopeLabel.y - 6}
          textAnchor="middle"
          transform={`rotate(${plan.slopeLabel.angle} ${plan.slopeLabel.x} ${plan.slopeLabel.y - 6})`}
          className="rc-label"
        >
          {formatQuantity(input.memBandwidth, 'bytes/s')}
        </text>
        {plan.point && (
          <circle
            data-testid="roofline-point"
            cx={plan.point.x}
            cy={plan.point.y}
            r={5}
            fill={pointFill}
            stroke="white"
            strokeWidth={1.5}
          />
        )}
      </svg>
      {plan.point && input.point && (
        <p className="rc-legend" data-testid="roofline-point-legend">
          <span className="rc-dot" style={{ background: pointFill }} />
          {pointLabel}: {formatQuantity(input.point.flops, 'FLOP/s')} at{' '}
          {formatFigure(Number(input.point.intensity.toPrecision(3)), 'FLOP/byte')}, {plan.point.bound}-bound
        </p>
      )}
    </figure>
  )
}
