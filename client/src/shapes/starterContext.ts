import { createContext, useContext } from 'react'

/** The starter diagram the board's template offers (tldraw records), if any. */
export const StarterDiagramContext = createContext<readonly unknown[] | null>(null)

/** The starter diagram offered to this board, or null. */
export function useStarterDiagram(): readonly unknown[] | null {
  return useContext(StarterDiagramContext)
}

/**
 * Whether this person may insert example diagrams. On a scratch board anyone may; in a
 * session the interviewer may, and the candidate only when the interviewer allows it, so a
 * candidate never gets a complete answer in one click.
 */
export const ExamplesAllowedContext = createContext<boolean>(true)

/** Whether the palette offers example diagrams to this person. */
export function useExamplesAllowed(): boolean {
  return useContext(ExamplesAllowedContext)
}
