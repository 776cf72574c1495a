import type { TLUiOverrides } from 'tldraw'
import { fitContentToVisibleArea, frameInVisibleArea } from '../boardTools/boardArea.ts'

/**
 * tldraw's "Zoom to fit" (Shift+1) and "Zoom to selection" (Shift+2), framing in the visible
 * board area: tldraw's own centre the content in the whole canvas, part of it under the palette,
 * the style panel or a drawer.
 */
export const fitOverrides: TLUiOverrides = {
  actions(editor, actions) {
    const fit = actions['zoom-to-fit']
    const selection = actions['zoom-to-selection']
    return {
      ...actions,
      ...(fit && {
        'zoom-to-fit': { ...fit, onSelect: () => fitContentToVisibleArea(editor, { animate: true }) },
      }),
      ...(selection && {
        'zoom-to-selection': {
          ...selection,
          onSelect: () => {
            const bounds = editor.getSelectionPageBounds()
            // As tldraw's: a selection is brought up to 100 %, or kept at a closer zoom.
            if (bounds)
              frameInVisibleArea(editor, bounds, {
                maxZoom: Math.max(1, editor.getZoomLevel()),
                animate: true,
              })
          },
        },
      }),
    }
  },
}
