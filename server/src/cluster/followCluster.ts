import type { RoomLogger } from '../rooms/roomLifecycle.ts'
import type { SessionService } from '../sessions/sessionService.ts'
import type { ClusterBus } from './clusterBus.ts'

/**
 * Keeps this process's sessions in step with the others: a change this process makes is
 * announced on the bus; one another process announces refreshes the cached copy here and is
 * passed on to this process's listeners as `remote` (board rights, a delete's room).
 */
export function followCluster(bus: ClusterBus, sessions: SessionService, logger: RoomLogger): void {
  sessions.onChange((change) => {
    // The process that made it tells the others, once.
    if (!change.remote) bus.publishSessionChange(change)
  })
  bus.onSessionChange((change) => {
    void sessions
      .applyRemoteChange(change)
      .catch((error: unknown) =>
        logger.error({ session: change.sessionId, err: String(error) }, 'could not follow session change'),
      )
  })
}
