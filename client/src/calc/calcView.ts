import type { CalcView } from '@roofline/shared'
import { type CalcTabId, calcTabs, tabOf } from './calculatorTabs.ts'
import { panelCalculatorById } from './panelCalculators.ts'

/**
 * Which tab and calculator the panel shows. Everyone who follows the room sees the view last
 * opened by anyone (kept in the room's document, so the replay shows it too); someone who stops
 * following keeps a view of their own, as in tldraw's follow.
 */

/** A panel's view: the open tab, and the calculator each tab shows. */
export interface PanelView {
  tab: CalcTabId
  chosen: Readonly<Record<CalcTabId, string>>
}

/** What a panel opens on before anybody chose anything. */
export const initialPanelView: PanelView = {
  tab: 'memory',
  chosen: Object.fromEntries(calcTabs.map((t) => [t.id, t.initial])) as Record<CalcTabId, string>,
}

/** The shared view as a tab, if it names a tab and a calculator that lives in it. */
function sharedTab(shared: CalcView | null): CalcTabId | null {
  const tab = calcTabs.find((t) => t.id === shared?.tab)?.id
  if (!shared || !tab) return null
  if (tab === 'freeform') return tab
  const calculator = panelCalculatorById(shared.calculator)
  return calculator && tabOf(calculator) === tab ? tab : null
}

/**
 * The view shown to someone following: the shared one where it is valid, else their own.
 *
 * @example followedView(initialPanelView, { tab: 'throughput', calculator: 'prefillTime', by: 'Ben' }).tab // 'throughput'
 */
export function followedView(local: PanelView, shared: CalcView | null): PanelView {
  const tab = sharedTab(shared)
  if (!tab || !shared) return local
  return tab === 'freeform'
    ? { ...local, tab }
    : { tab, chosen: { ...local.chosen, [tab]: shared.calculator } }
}

/**
 * The view after opening `tab` (and `calculator` in it, when given).
 *
 * @example openedView(initialPanelView, 'throughput').chosen.throughput // 'decodeStep'
 */
export function openedView(current: PanelView, tab: CalcTabId, calculator?: string): PanelView {
  return { tab, chosen: calculator ? { ...current.chosen, [tab]: calculator } : current.chosen }
}

/** The shared view that says `view` was opened by `by`. */
export function sharedViewOf(view: PanelView, by: string): CalcView {
  return { tab: view.tab, calculator: view.tab === 'freeform' ? '' : view.chosen[view.tab], by }
}
