import { type RefObject, useEffect, useRef } from 'react'

/**
 * Makes a `<details>` element behave as a popover menu: a press anywhere outside it or
 * Escape closes it (Escape gives the focus back to its summary, so the keyboard is not lost).
 * Returns the ref to put on the `<details>`.
 *
 * @example
 * const menu = usePopoverDetails()
 * return <details ref={menu}><summary>Export</summary>…</details>
 */
export function usePopoverDetails(): RefObject<HTMLDetailsElement | null> {
  const ref = useRef<HTMLDetailsElement | null>(null)
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const details = ref.current
      if (details?.open && !details.contains(event.target as Node)) details.open = false
    }
    const onKeyDown = (event: KeyboardEvent) => {
      const details = ref.current
      if (event.key !== 'Escape' || !details?.open) return
      details.open = false
      details.querySelector('summary')?.focus()
    }
    // Capture: the board canvas stops pointer and key events from bubbling up to the document.
    document.addEventListener('pointerdown', onPointerDown, true)
    document.addEventListener('keydown', onKeyDown, true)
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true)
      document.removeEventListener('keydown', onKeyDown, true)
    }
  }, [])
  return ref
}
