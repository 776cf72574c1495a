import { type ReactNode, useCallback, useId, useRef, useState } from 'react'
import { tabIdAfterKey } from '../tabKeys.ts'
import './sessionPanel.css'

/** One tab of the session panel: its label and what it shows. */
export interface PanelTab<Id extends string = string> {
  id: Id
  label: string
  /** A longer name, shown on hover, when the label is short. */
  title?: string
  content: ReactNode
}

/**
 * The tab a panel shows, remembered in this browser under `storageKey` (a tab that no longer
 * exists falls back to the first).
 */
export function useRememberedTab<Id extends string>(
  storageKey: string,
  ids: readonly Id[],
): [Id | undefined, (id: Id) => void] {
  const [active, setActive] = useState<Id | undefined>(() => {
    const stored = localStorage.getItem(storageKey) as Id | null
    return stored && ids.includes(stored) ? stored : ids[0]
  })
  const choose = useCallback(
    (id: Id) => {
      setActive(id)
      localStorage.setItem(storageKey, id)
    },
    [storageKey],
  )
  return [ids.includes(active as Id) ? active : ids[0], choose]
}

/**
 * Tabs in the WAI-ARIA pattern (a tablist of tabs, each controlling a tabpanel; arrow keys,
 * Home and End move between tabs). Every panel stays mounted and the inactive ones hidden,
 * so a half-typed comment or a calculator's state survives a switch.
 */
export function PanelTabs<Id extends string>({
  label,
  tabs,
  active,
  onActivate,
}: {
  label: string
  tabs: ReadonlyArray<PanelTab<Id>>
  active: Id | undefined
  onActivate(id: Id): void
}) {
  const prefix = useId()
  const listRef = useRef<HTMLDivElement>(null)
  const ids = tabs.map((tab) => tab.id)
  return (
    <>
      <div
        className="panel-tabs"
        role="tablist"
        aria-label={label}
        ref={listRef}
        onKeyDown={(event) => {
          if (!active) return
          const next = tabIdAfterKey(ids, active, event.key)
          if (!next) return
          // Keys on the tab list move between tabs, never the board's selection.
          event.preventDefault()
          event.stopPropagation()
          onActivate(next)
          listRef.current?.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus()
        }}
      >
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${prefix}-tab-${tab.id}`}
            aria-controls={`${prefix}-panel-${tab.id}`}
            aria-selected={tab.id === active}
            tabIndex={tab.id === active ? 0 : -1}
            data-tab={tab.id}
            title={tab.title}
            onClick={() => onActivate(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          className="panel-tabpanel"
          id={`${prefix}-panel-${tab.id}`}
          aria-labelledby={`${prefix}-tab-${tab.id}`}
          hidden={tab.id !== active}
          data-testid={`panel-${tab.id}`}
        >
          {tab.content}
        </div>
      ))}
    </>
  )
}
