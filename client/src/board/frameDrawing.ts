import type { Editor } from 'tldraw'
import { fitContentToVisibleArea } from '../boardTools/boardArea.ts'

/**
 * Moves the camera so the whole drawing on the current page shows, centred in the part of the
 * board no panel covers, never zoomed in past 100%. Someone who opens a link to a drawn board
 * sees the drawing, not the page's origin with the drawing off to one side or under a panel.
 */
export function frameDrawing(editor: Editor): void {
  fitContentToVisibleArea(editor)
}
