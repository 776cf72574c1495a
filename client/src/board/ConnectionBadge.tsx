import type { ConnectionState } from '../net/boardConnection.ts'

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting… your edits are kept',
  offline: 'Offline — edits will sync when you are back',
}

/** The connection state, always visible in the top bar. */
export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <output
      className={`connection-badge connection-${state}`}
      data-testid="connection-state"
      data-state={state}
    >
      <span className="connection-dot" aria-hidden="true" />
      {LABELS[state]}
    </output>
  )
}
