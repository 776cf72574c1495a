import type { TemplateStart } from '@roofline/shared'
import { useEffect, useState } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { fetchTemplateStart } from '../net/api.ts'
import { seedBoardOnce } from './boardSeed.ts'

/**
 * The session template's presets and starter diagram, fetched once per template; and, as soon
 * as the room's doc and the editor are there, the board seeded from them (once per room, see
 * {@link seedBoardOnce}) when this browser may write.
 */
export function useTemplateStart(
  templateId: string,
  board: { doc: Y.Doc | null; editor: Editor | null; canWrite: boolean },
): TemplateStart | null {
  const [start, setStart] = useState<TemplateStart | null>(null)
  useEffect(() => {
    let current = true
    fetchTemplateStart(templateId).then(
      (fetched) => {
        if (current) setStart(fetched)
      },
      // Without it the session still works; the board just starts blank.
      (error: unknown) => console.warn('Roofline: no template start for', templateId, error),
    )
    return () => {
      current = false
    }
  }, [templateId])

  const { doc, editor, canWrite } = board
  useEffect(() => {
    if (start && doc && editor && canWrite) seedBoardOnce(doc, editor, start)
  }, [start, doc, editor, canWrite])
  return start
}
