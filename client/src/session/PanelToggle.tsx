import { togglePanel } from '../boardTools/panelLayout.ts'
import { layoutShortcuts, useAltShortcut } from '../boardTools/shortcuts.ts'
import './sessionPanel.css'

const SHORTCUT = layoutShortcuts.sidePanel

/**
 * The top bar's button that shows or hides the session's side panel (Alt+B from anywhere); the
 * choice is remembered in this browser.
 */
export function PanelToggle({ open, controls }: { open: boolean; controls: string }) {
  useAltShortcut(SHORTCUT.code, () => togglePanel('sidePanel'))
  return (
    <button
      type="button"
      className="panel-toggle"
      aria-expanded={open}
      aria-controls={controls}
      aria-keyshortcuts={SHORTCUT.label}
      title={`${open ? 'Hide' : 'Show'} the session panel (${SHORTCUT.label})`}
      onClick={() => togglePanel('sidePanel')}
    >
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        <rect x="1.5" y="2.5" width="13" height="11" rx="2" fill="none" stroke="currentColor" />
        <rect x="9.5" y="3" width="4.5" height="10" fill={open ? 'currentColor' : 'none'} opacity="0.6" />
      </svg>
      Panel
    </button>
  )
}
