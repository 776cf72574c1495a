import { createContext, useContext } from 'react'

/** The model preset chosen in the session's calculators ('' for none), which estimates start from. */
export const SessionModelContext = createContext<string>('')

/** The session's model preset id, or '' on a board without one. */
export function useSessionModel(): string {
  return useContext(SessionModelContext)
}
