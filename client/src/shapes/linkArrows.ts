import { atom, type Editor, react, type TLShape } from 'tldraw'
import { connectShapes, linkArrowStyle, linkLabelProps } from './placePart.ts'

/** The link type the next drawn arrow gets; null when the arrow tool was not picked as "Link". */
const pendingLinkType = atom<string | null>('pending link type', null)

/** The link type last chosen, which the next "Link" starts with. */
export const lastLinkType = atom<string>('last link type', 'infiniband-ndr')

/**
 * The palette's "Link": with two shapes selected, joins them at once; otherwise picks tldraw's
 * arrow tool, and the arrow drawn next becomes a link (meta.linkType, bandwidth label).
 */
export function startLink(editor: Editor): void {
  if (editor.getIsReadonly()) return
  const linkType = lastLinkType.get()
  const ends = editor.getSelectedShapes().filter((shape) => shape.type !== 'arrow')
  const [from, to] = ends
  if (ends.length === 2 && from && to) {
    editor.markHistoryStoppingPoint('link two shapes')
    const id = connectShapes(editor, from, to, linkType)
    editor.select(id)
    return
  }
  editor.setCurrentTool('arrow')
  pendingLinkType.set(linkType)
}

/**
 * Makes arrows drawn after "Link" into links, and forgets the pending link when the arrow tool
 * is left. Returns the function that stops it.
 */
export function registerLinkArrows(editor: Editor): () => void {
  const stopCreating = editor.sideEffects.registerBeforeCreateHandler('shape', (shape: TLShape, source) => {
    const linkType = pendingLinkType.get()
    if (source !== 'user' || shape.type !== 'arrow' || !linkType) return shape
    return {
      ...shape,
      meta: { ...shape.meta, linkType, linkCount: 1 },
      props: { ...shape.props, ...linkArrowStyle, ...linkLabelProps(linkType) },
    }
  })
  const stopWatching = react('forget pending link', () => {
    if (editor.getCurrentToolId() !== 'arrow') pendingLinkType.set(null)
  })
  return () => {
    stopCreating()
    stopWatching()
  }
}
