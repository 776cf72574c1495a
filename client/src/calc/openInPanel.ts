import type { CalcCardProps } from '@roofline/shared'

/**
 * "Open in panel" on a pinned card: the card lives on the tldraw canvas and the calculator
 * panel beside it, so the card announces the request here and the panel, if mounted, answers.
 */

type Listener = (card: CalcCardProps) => void

const listeners = new Set<Listener>()

/** Asks the calculator panel to show the card's calculator with the card's inputs. */
export function openCardInPanel(card: CalcCardProps): void {
  for (const listener of listeners) listener(card)
}

/** Called by the panel; returns the function that stops listening. */
export function onOpenCardInPanel(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
