import type { CalcPresetKind } from '@roofline/shared'
import { gpus, links, models } from '@roofline/shared/presets'
import { useId } from 'react'
import './calcPanel.css'

/** Props of the preset menus. */
export interface PresetBarProps {
  /** Chosen preset id per kind ('' for none), as the room's document holds them. */
  presets: Readonly<Record<CalcPresetKind, string>>
  readOnly: boolean
  onChoose(kind: CalcPresetKind, id: string): void
}

const MENUS: ReadonlyArray<{
  kind: CalcPresetKind
  label: string
  items: ReadonlyArray<{ id: string; name: string }>
}> = [
  { kind: 'model', label: 'Model', items: models },
  { kind: 'gpu', label: 'GPU', items: gpus },
  { kind: 'link', label: 'Link', items: links },
]

/**
 * The model, GPU and link menus: a choice is shared with the room and fills the open calculator.
 * Each menu has a row of its own, wide enough for the longest names ("NVIDIA H100 SXM5 80GB"),
 * and a label tied to it by `htmlFor` (a label wrapped around a select would also read out
 * every option as part of the name).
 */
export function PresetBar({ presets, readOnly, onChoose }: PresetBarProps) {
  const idPrefix = useId()
  return (
    <div className="calc-presets">
      {MENUS.map((menu) => {
        const id = `${idPrefix}-${menu.kind}`
        return (
          <div className="calc-preset" key={menu.kind}>
            <label htmlFor={id}>{menu.label}</label>
            <select
              id={id}
              data-testid={`preset-${menu.kind}`}
              value={presets[menu.kind]}
              disabled={readOnly}
              onChange={(e) => onChoose(menu.kind, e.target.value)}
            >
              <option value="">—</option>
              {menu.items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </select>
          </div>
        )
      })}
    </div>
  )
}
