import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { emptySimDocState, readSimDoc, type SimDocState, simMap } from './simDoc.ts'

/** The room's simulation state, re-read on every change to it, local or remote. */
export function useSimDoc(doc: Y.Doc | null): SimDocState {
  const [state, setState] = useState<SimDocState>(() => (doc ? readSimDoc(simMap(doc)) : emptySimDocState))
  useEffect(() => {
    if (!doc) {
      setState(emptySimDocState)
      return
    }
    const map = simMap(doc)
    const update = () => setState(readSimDoc(map))
    update()
    map.observe(update)
    return () => map.unobserve(update)
  }, [doc])
  return state
}
