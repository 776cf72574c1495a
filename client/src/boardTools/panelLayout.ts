import { useSyncExternalStore } from 'react'
import { atom } from 'tldraw'

/**
 * Which of the panels around the board are open: the parts palette (left, over the canvas) and
 * the session's side panel (right). Each person's choice is kept in this browser's
 * localStorage, so a reload or the next session opens the board the way they left it.
 *
 * On a narrow window (a tablet in portrait) the side panel is a drawer over the board, so the
 * two are drawers: opening one closes the other, and the board keeps most of the screen.
 */

/** A panel beside the board. */
export type BoardPanel = 'palette' | 'sidePanel'

/** Windows narrower than this (px) show the side panel as a drawer over the board. */
export const NARROW_WINDOW = 1000
/** Windows at least this wide (px) have room for the open palette beside a drawing. */
const WIDE_WINDOW = 1200

const STORAGE_KEYS: Record<BoardPanel, string> = {
  palette: 'roofline.palette.open',
  sidePanel: 'roofline.sidePanel.open',
}

/** Whether the window is narrow enough for the side panel to be a drawer. */
export function isNarrowWindow(): boolean {
  return window.innerWidth < NARROW_WINDOW
}

/**
 * Where a panel starts when this browser has no choice remembered: the palette open on a wide
 * window only (a 1024 px laptop starts with the board first), the side panel open (it holds
 * the prompt, which everyone reads first).
 */
function openByDefault(panel: BoardPanel): boolean {
  return panel === 'palette' ? window.innerWidth >= WIDE_WINDOW : true
}

function remembered(panel: BoardPanel): boolean {
  const stored = localStorage.getItem(STORAGE_KEYS[panel])
  return stored === null ? openByDefault(panel) : stored === 'open'
}

const states = {
  palette: atom('palette open', remembered('palette')),
  sidePanel: atom('side panel open', remembered('sidePanel')),
}

/** Whether `panel` is open (a signal: read it inside tldraw's `useValue` to follow changes). */
export function isPanelOpen(panel: BoardPanel): boolean {
  return states[panel].get()
}

/**
 * Opens or closes `panel` and remembers the choice. On a narrow window, opening one drawer
 * closes the other (for now only: the other's remembered choice stays).
 */
export function setPanelOpen(panel: BoardPanel, open: boolean): void {
  states[panel].set(open)
  localStorage.setItem(STORAGE_KEYS[panel], open ? 'open' : 'closed')
  if (open && isNarrowWindow()) {
    const other: BoardPanel = panel === 'palette' ? 'sidePanel' : 'palette'
    states[other].set(false)
  }
}

/** Opens `panel` if it is closed, closes it if it is open. */
export function togglePanel(panel: BoardPanel): void {
  setPanelOpen(panel, !isPanelOpen(panel))
}

const narrowQuery = () => window.matchMedia(`(max-width: ${NARROW_WINDOW - 1}px)`)

/** Whether the window is narrow (the side panel a drawer), following resizes and rotation. */
export function useNarrowWindow(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = narrowQuery()
      query.addEventListener('change', onChange)
      return () => query.removeEventListener('change', onChange)
    },
    () => narrowQuery().matches,
  )
}
