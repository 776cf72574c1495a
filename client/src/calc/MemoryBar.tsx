import type { GpuPreset } from '@roofline/shared/presets'
import { formatFigure } from './formatFigure.ts'
import { type MemoryPart, memoryBreakdown } from './memoryBreakdown.ts'
import './calcPanel.css'

const COLORS: Record<string, string> = {
  weights: '#4c6ef5',
  kv: '#f08c00',
  activations: '#ae3ec9',
}

/** Props of the memory bar. */
export interface MemoryBarProps {
  gpu: GpuPreset | undefined
  parts: readonly MemoryPart[]
}

/** Weights, KV cache and activations against one GPU's HBM, with what is left or missing. */
export function MemoryBar({ gpu, parts }: MemoryBarProps) {
  if (!gpu) {
    return <p className="calc-waiting">Choose a GPU above to see what fits in its memory.</p>
  }
  const bar = memoryBreakdown(parts, gpu.hbmBytes)
  const pending = parts.filter((p) => p.bytes === null).map((p) => p.label)
  return (
    <figure className="memory-bar" data-testid="memory-bar">
      <figcaption>
        Memory of one {gpu.name}: {formatFigure(gpu.hbmBytes, 'bytes')} HBM
      </figcaption>
      <div
        className="memory-bar-track"
        role="img"
        aria-label={`${formatFigure(bar.used, 'bytes')} used of ${formatFigure(bar.capacity, 'bytes')}`}
      >
        {bar.segments.map((segment) => (
          <span
            key={segment.key}
            className="memory-bar-segment"
            style={{ width: `${segment.share * 100}%`, background: COLORS[segment.key] ?? '#868e96' }}
            title={`${segment.label}: ${formatFigure(segment.bytes, 'bytes')}`}
          />
        ))}
        {bar.freeShare > 0 && (
          <span className="memory-bar-free" style={{ width: `${bar.freeShare * 100}%` }} title="free" />
        )}
        {bar.over > 0 && (
          <span className="memory-bar-limit" style={{ left: `${bar.capacityShare * 100}%` }} />
        )}
      </div>
      <ul className="memory-bar-legend">
        {parts.map((part) => (
          <li key={part.key}>
            <span className="swatch" style={{ background: COLORS[part.key] ?? '#868e96' }} />
            {part.label}: {part.bytes === null ? 'not computed' : formatFigure(part.bytes, 'bytes')}
          </li>
        ))}
        <li>
          <span className="swatch swatch-free" />
          Free: {formatFigure(bar.free, 'bytes')}
        </li>
      </ul>
      <p
        className={bar.over > 0 ? 'memory-bar-verdict over' : 'memory-bar-verdict'}
        data-testid="memory-verdict"
      >
        {bar.over > 0
          ? `Does not fit: over by ${formatFigure(bar.over, 'bytes')}, needs at least ${bar.gpusNeeded} GPUs.`
          : `Fits, with ${formatFigure(bar.free, 'bytes')} free.`}
        {pending.length > 0 && ` (${pending.join(', ')} not counted yet.)`}
      </p>
    </figure>
  )
}
