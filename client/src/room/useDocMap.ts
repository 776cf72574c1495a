import { useEffect, useState } from 'react'
import type * as Y from 'yjs'

/**
 * What `read` makes of one map of the room's document (`mapOf(doc)`), read again on every change
 * to it or to anything nested in it, local or remote (each keystroke of another participant
 * arrives as one Yjs update and renders here); `empty` while the page has no document.
 * `mapOf`, `read` and `empty` are a feature's own module-level constants (the calculator
 * workspace, the simulation), so the subscription follows `doc` alone.
 */
export function useDocMap<State>(
  doc: Y.Doc | null,
  mapOf: (doc: Y.Doc) => Y.Map<unknown>,
  read: (map: Y.Map<unknown>) => State,
  empty: State,
): State {
  const [state, setState] = useState<State>(() => (doc ? read(mapOf(doc)) : empty))
  useEffect(() => {
    if (!doc) {
      setState(empty)
      return
    }
    const map = mapOf(doc)
    const update = () => setState(read(map))
    update()
    map.observeDeep(update)
    return () => map.unobserveDeep(update)
  }, [doc, mapOf, read, empty])
  return state
}
