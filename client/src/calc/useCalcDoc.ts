import type * as Y from 'yjs'
import { useDocMap } from '../room/useDocMap.ts'
import { type CalcDocState, calcMap, emptyCalcDocState, readCalcDoc } from './calcDoc.ts'

/**
 * The calculator state of the room, re-read on every change to it, local or remote: each
 * keystroke of the other participant arrives as one Yjs update and renders here.
 */
export function useCalcDoc(doc: Y.Doc | null): CalcDocState {
  return useDocMap(doc, calcMap, readCalcDoc, emptyCalcDocState)
}
