import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { type CalcDocState, calcMap, emptyCalcDocState, readCalcDoc } from './calcDoc.ts'

/**
 * The calculator state of the room, re-read on every change to it, local or remote: each
 * keystroke of the other participant arrives as one Yjs update and renders here.
 */
export function useCalcDoc(doc: Y.Doc | null): CalcDocState {
  const [state, setState] = useState<CalcDocState>(() =>
    doc ? readCalcDoc(calcMap(doc)) : emptyCalcDocState,
  )
  useEffect(() => {
    if (!doc) {
      setState(emptyCalcDocState)
      return
    }
    const map = calcMap(doc)
    const update = () => setState(readCalcDoc(map))
    update()
    map.observeDeep(update)
    return () => map.unobserveDeep(update)
  }, [doc])
  return state
}
