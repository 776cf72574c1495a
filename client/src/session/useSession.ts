import type { PrivateState, SessionState } from '@roofline/shared'
import { useEffect, useState } from 'react'
import { type ControlConnection, connectControl } from '../net/controlConnection.ts'
import { takeEarlyControl } from '../net/earlyConnections.ts'

/** The control plane as a page sees it. */
export type SessionStatus =
  | { kind: 'connecting' }
  | { kind: 'refused'; reason: string }
  | { kind: 'ready'; state: SessionState; privateState: PrivateState | null; connected: boolean }

/** Connects to session `sessionId` with `token` and follows its public (and, for the interviewer, private) state. */
export function useSession(
  sessionId: string,
  token: string,
): { status: SessionStatus; control: ControlConnection | null } {
  const [status, setStatus] = useState<SessionStatus>({ kind: 'connecting' })
  const [control, setControl] = useState<ControlConnection | null>(null)

  useEffect(() => {
    // Opened by main.tsx while this page's code loaded, when it could (see earlyConnections.ts).
    const connection = takeEarlyControl(sessionId, token) ?? connectControl({ sessionId, token })
    setControl(connection)
    let privateState: PrivateState | null = null
    const stops = [
      connection.onState((state) =>
        setStatus((previous) => ({
          kind: 'ready',
          state,
          privateState,
          // A connection opened early may have dropped before this page took it over.
          connected: previous.kind === 'ready' ? previous.connected : connection.connected(),
        })),
      ),
      connection.onPrivate((next) => {
        privateState = next
        setStatus((previous) => (previous.kind === 'ready' ? { ...previous, privateState: next } : previous))
      }),
      connection.onRefused((reason) => setStatus({ kind: 'refused', reason })),
      connection.onConnection((connected) =>
        setStatus((previous) => (previous.kind === 'ready' ? { ...previous, connected } : previous)),
      ),
    ]
    return () => {
      for (const stop of stops) stop()
      connection.close()
      setControl(null)
    }
  }, [sessionId, token])

  return { status, control }
}
