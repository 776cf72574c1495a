import { isRevealedCardRecord, revealedCardShapeType } from '@roofline/shared'
import { type Editor, type TLShape, toRichText } from 'tldraw'
import { placeInVisibleArea } from '../boardTools/cardPlacement.ts'

/** A revealed item as a card on the board shows it. */
export interface RevealedCardText {
  /** The revealed item's id (a clarifying question's or a card's). */
  itemId: string
  title: string
  body: string
}

/** Whether `shape` is a card placed on the board when the interviewer revealed something. */
export function isRevealedCard(shape: TLShape): boolean {
  return isRevealedCardRecord(shape)
}

/**
 * Places a revealed item on the board as a locked `revealed-card` shape in free space of the
 * visible board area (clear of the drawing and the panels; a full view zooms out to make room):
 * a wide card in the sans font (reads better than a sticky note for a paragraph), locked so nobody
 * moves or edits it by accident; the interviewer can unlock it.
 */
export function placeRevealedCard(editor: Editor, { itemId, title, body }: RevealedCardText): void {
  // The card is made as tall as its text will be, counted rather than measured: on a first
  // reveal the board's font may not have loaded yet, and a measured card came out clipped.
  // About 36 characters fit a line of the 360-px card, 24 px a line, plus the padding.
  const lines = `${title}\n${body}`
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 36)), 0)
  const size = { w: 360, h: Math.max(120, lines * 24 + 56) }
  const { x, y } = placeInVisibleArea(editor, size)
  editor.createShape({
    type: revealedCardShapeType,
    x,
    y,
    isLocked: true,
    props: { ...size, richText: toRichText(`${title}\n${body}`) },
    // The mark too, so readers that look for it (and builds before the type) still know the card.
    meta: { revealedCard: true, revealedItemId: itemId },
  })
}

/**
 * Keeps revealed cards as the interviewer placed them, for anyone who is not the interviewer:
 * this browser's own edits of a card (unlock, move, resize, retype) are turned back and its
 * deletions refused before they reach the store, so they never reach the room. The
 * interviewer's changes arrive as remote ones and still apply. Returns the function that stops it.
 */
export function protectRevealedCards(editor: Editor): () => void {
  const stopChange = editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) =>
    source === 'user' && isRevealedCard(prev) ? prev : next,
  )
  const stopDelete = editor.sideEffects.registerBeforeDeleteHandler('shape', (shape, source) => {
    if (source === 'user' && isRevealedCard(shape)) return false
    return undefined
  })
  return () => {
    stopChange()
    stopDelete()
  }
}
