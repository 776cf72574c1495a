/** A row of small squares, one a GPU (at most `max`, then "+n"), so a node's size reads at a glance. */
import './kit.css'
import './kitCard.css'
export function GpuChips({ count, max = 8 }: { count: number; max?: number }) {
  const shown = Math.min(count, max)
  return (
    <span className="kit-chips" aria-hidden="true">
      {Array.from({ length: shown }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the chips are identical and never reorder.
        <span key={i} className="kit-chip" />
      ))}
      {count > max && <span className="kit-chips__more">+{count - max}</span>}
    </span>
  )
}
