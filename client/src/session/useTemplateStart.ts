import type { TemplateStart } from '@roofline/shared'
import { useEffect, useState } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { fetchSessionStart } from '../net/api.ts'
import { seedBoardOnce } from './boardSeed.ts'

/**
 * The session template's presets and starter diagram, fetched by the session's link once per
 * template (its key changes with it).
 */
export function useTemplateStart(session: {
  sessionId: string
  token: string
  templateKey: string
}): TemplateStart | null {
  const [start, setStart] = useState<TemplateStart | null>(null)
  const { sessionId, token, templateKey } = session
  useEffect(() => {
    let current = true
    // templateKey is not read here: a new key means a new template, so the start is fetched again.
    void templateKey
    fetchSessionStart(sessionId, token).then(
      (fetched) => {
        if (current) setStart(fetched)
      },
      // Without it the session still works; the board just starts blank.
      (error: unknown) => console.warn('Roofline: no template start for this session', error),
    )
    return () => {
      current = false
    }
  }, [sessionId, token, templateKey])
  return start
}

/**
 * As soon as the template's start, the room's doc and the editor are there, seeds the board
 * from the start (once per room, see {@link seedBoardOnce}) when this browser may write.
 */
export function useSeedBoard(
  start: TemplateStart | null,
  board: { doc: Y.Doc | null; editor: Editor | null; canWrite: boolean },
): void {
  const { doc, editor, canWrite } = board
  useEffect(() => {
    if (start && doc && editor && canWrite) seedBoardOnce(doc, editor, start)
  }, [start, doc, editor, canWrite])
}
