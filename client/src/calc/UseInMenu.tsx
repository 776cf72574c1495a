import type { OutputInfo } from '@roofline/shared/calc'
import type { LinkTarget } from './calcLinks.ts'
import './calcPanel.css'

/** Props of a result's "use in…" menu. */
export interface UseInMenuProps {
  output: OutputInfo
  targets: readonly LinkTarget[]
  onChoose(target: LinkTarget): void
}

/**
 * "Use in…" beside a result figure: the inputs of other calculators that take this unit,
 * grouped by calculator. Choosing one links it to this figure.
 */
export function UseInMenu({ output, targets, onChoose }: UseInMenuProps) {
  if (targets.length === 0) return null
  const groups = new Map<string, LinkTarget[]>()
  for (const target of targets)
    groups.set(target.calculatorTitle, [...(groups.get(target.calculatorTitle) ?? []), target])
  const key = (t: LinkTarget) => `${t.calculatorId}:${t.field}`
  return (
    <select
      className="calc-use-in"
      aria-label={`Use ${output.label} in another calculator`}
      title="Feed this figure into another calculator's input; it follows this result as it changes"
      data-testid={`calc-use-${output.name}`}
      value=""
      onChange={(event) => {
        const target = targets.find((t) => key(t) === event.target.value)
        if (target) onChoose(target)
      }}
    >
      <option value="">Use in…</option>
      {[...groups].map(([title, items]) => (
        <optgroup key={title} label={title}>
          {items.map((t) => (
            <option key={key(t)} value={key(t)}>
              {t.fieldLabel}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  )
}
