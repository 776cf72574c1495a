import { createContext, useContext } from 'react'

/** The starter diagram the board's template offers (tldraw records), if any. */
export const StarterDiagramContext = createContext<readonly unknown[] | null>(null)

/** The starter diagram offered to this board, or null. */
export function useStarterDiagram(): readonly unknown[] | null {
  return useContext(StarterDiagramContext)
}
