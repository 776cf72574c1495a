import { useEffect, useRef } from 'react'

/** Whether a key press belongs to a text field rather than to the board. */
export function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/**
 * The layout's shortcuts, as shown in the UI (titles, the notes box) and given to
 * `aria-keyshortcuts`. Alt with a letter: tldraw binds none of these, and they work while
 * typing in a field too (a note can be started from a calculator input).
 */
export const layoutShortcuts = {
  palette: { code: 'KeyP', label: 'Alt+P' },
  sidePanel: { code: 'KeyB', label: 'Alt+B' },
  note: { code: 'KeyN', label: 'Alt+N' },
} as const

/**
 * Runs `handler` when Alt and the key of `code` are pressed anywhere on the page (matched by
 * physical key, since Alt turns letters into other characters on a Mac). Off while `enabled`
 * is false.
 */
export function useAltShortcut(code: string, handler: () => void, enabled = true): void {
  const latest = useRef(handler)
  latest.current = handler
  useEffect(() => {
    if (!enabled) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.code !== code) return
      event.preventDefault()
      event.stopPropagation()
      latest.current()
    }
    window.addEventListener('keydown', onKeyDown, { capture: true })
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true })
  }, [code, enabled])
}
