import { boardDocKeys, type TemplateStart } from '@roofline/shared'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { applyTemplatePresets } from '../calc/templatePresets.ts'
import { loadStarterDiagram } from '../shapes/starterDiagram.ts'

/** What seeding a session's board did. */
export type SeedOutcome = 'seeded' | 'already-seeded'

const TEMPLATE_KEY = 'templateId'

/** The template a room's board was last started from, if it has been. */
export function seededTemplate(doc: Y.Doc): string | null {
  const value = doc.getMap<unknown>(boardDocKeys.seed).get(TEMPLATE_KEY)
  return typeof value === 'string' ? value : null
}

/** The key that marks template `templateId`'s start as given to the room. */
const seededKey = (templateId: string) => `seeded:${templateId}`

/**
 * Gives a session's board its template's start, once per room and template: the calculator
 * presets (menus chosen, inputs filled) and the starter diagram. Call it after the first sync,
 * from a browser that may write.
 *
 * The first template's diagram goes only on an empty page (an older board that already has
 * drawings keeps them as they are). A later round's template (peer practice picks a new one)
 * brings its presets and its diagram beside the earlier round's drawing.
 *
 * The flag goes into the room document before anything else, so a browser that receives any of
 * the start has received the flag too and does nothing. Two browsers that both join before
 * either has seen the other's flag both seed, and still the room holds one copy: the preset
 * writes are equal, and the diagram's ids are derived from the template, so both write the same
 * records under the same keys.
 *
 * @example seedBoardOnce(doc, editor, await fetchSessionStart(sessionId, token))
 */
export function seedBoardOnce(doc: Y.Doc, editor: Editor, start: TemplateStart): SeedOutcome {
  const seed = doc.getMap<unknown>(boardDocKeys.seed)
  const previous = seededTemplate(doc)
  if (previous === start.templateId || seed.get(seededKey(start.templateId)) === true) return 'already-seeded'
  const emptyPage = editor.getCurrentPageShapeIds().size === 0
  doc.transact(() => {
    seed.set(TEMPLATE_KEY, start.templateId)
    seed.set(seededKey(start.templateId), true)
  })
  applyTemplatePresets(doc, start.presets)
  if ((emptyPage || previous !== null) && start.starterDiagram.length > 0) {
    loadStarterDiagram(editor, start.starterDiagram, {
      stableIdsFrom: `starter-${start.templateId}`,
      ignoreHistory: true,
    })
  }
  return 'seeded'
}
