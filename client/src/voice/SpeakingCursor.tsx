import { createContext, useContext } from 'react'
import { DefaultCursor, type TLCursorProps } from 'tldraw'
import './voice.css'

/**
 * The board names of the people speaking now. A collaborator's cursor carries only their board
 * presence (a per-browser id and the name they joined with), not their voice seat, so the
 * session page maps speaking seats to participant names, as the presence list shows them.
 */
const SpeakingNames = createContext<ReadonlySet<string>>(new Set())

/** Gives the board's cursors the names of the people speaking now. */
export const SpeakingNamesProvider = SpeakingNames.Provider

/**
 * tldraw's collaborator cursor with a pulsing ring round its tip while that person speaks.
 * Put it in the board's `components` as `CollaboratorCursor`; outside a
 * {@link SpeakingNamesProvider} it is tldraw's own cursor.
 */
export function SpeakingCursor(props: TLCursorProps) {
  const speaking = useContext(SpeakingNames)
  const isSpeaking = props.name !== null && speaking.has(props.name)
  const className = [props.className, isSpeaking ? 'voice-cursor is-speaking' : 'voice-cursor']
    .filter(Boolean)
    .join(' ')
  return <DefaultCursor {...props} className={className} />
}
