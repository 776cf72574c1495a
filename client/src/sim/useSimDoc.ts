import type * as Y from 'yjs'
import { useDocMap } from '../room/useDocMap.ts'
import { emptySimDocState, readSimDoc, type SimDocState, simMap } from './simDoc.ts'

/** The room's simulation state, re-read on every change to it, local or remote. */
export function useSimDoc(doc: Y.Doc | null): SimDocState {
  return useDocMap(doc, simMap, readSimDoc, emptySimDocState)
}
