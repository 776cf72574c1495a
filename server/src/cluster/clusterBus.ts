import type { Server } from 'socket.io'
import type { RoomExtension } from '../rooms/roomLifecycle.ts'
import type { SessionChange } from '../sessions/sessionService.ts'

/**
 * What the server processes of one deployment tell each other: board updates of the rooms
 * they share, session changes (so each refreshes its cached copy and its connections' rights),
 * and that a session's control sockets came or went (so each recounts presence). Everything
 * that is scale-out goes through here; one process alone uses {@link inProcessBus}.
 */
export interface ClusterBus {
  /** The room extension that carries board updates between processes (none for one process). */
  readonly roomExtension: RoomExtension | undefined
  /**
   * Binds the control sockets: broadcasts to a session's sockets reach every process, and the
   * bus's own messages travel with them.
   */
  attachSockets(io: Server): void
  /** Announces a change this process made to the others. */
  publishSessionChange(change: SessionChange): void
  /** Calls `listener` with each change another process announced (checked). */
  onSessionChange(listener: (change: SessionChange) => void): void
  /** Announces that a session's control sockets came or went here. */
  publishPresenceChanged(sessionId: string): void
  /** Calls `listener` when another process's sockets of a session came or went. */
  onPresenceChanged(listener: (sessionId: string) => void): void
  /** Counters for the health endpoint, when there is anything to count. */
  stats(): object | undefined
  /** Resolves when the bus is reachable (readiness); absent for one process. */
  readonly ping: (() => Promise<void>) | undefined
  /** Stops following and closes the bus's connections. */
  close(): Promise<void>
}

/** One process alone: nobody to tell, nothing to hear. */
export function inProcessBus(): ClusterBus {
  return {
    roomExtension: undefined,
    attachSockets: () => {},
    publishSessionChange: () => {},
    onSessionChange: () => {},
    publishPresenceChanged: () => {},
    onPresenceChanged: () => {},
    stats: () => undefined,
    ping: undefined,
    close: async () => {},
  }
}
