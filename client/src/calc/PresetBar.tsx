import type { CalcPresetKind } from '@roofline/shared'
import { gpus, links, models } from '@roofline/shared/presets'

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

/** The model, GPU and link menus: a choice is shared with the room and fills the open calculator. */
export function PresetBar({ presets, readOnly, onChoose }: PresetBarProps) {
  return (
    <div className="calc-presets">
      {MENUS.map((menu) => (
        <label key={menu.kind}>
          <span>{menu.label}</span>
          <select
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
        </label>
      ))}
    </div>
  )
}
