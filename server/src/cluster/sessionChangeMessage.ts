import { isRoomId } from '@roofline/shared'
import type { SessionChange } from '../sessions/sessionService.ts'

/** Whether `value` has the shape of a `SessionChange` (it came over Redis from another process). */
export function isSessionChange(value: unknown): value is SessionChange {
  const change = value as Partial<SessionChange> | null
  return (
    typeof change === 'object' &&
    change !== null &&
    isRoomId(change.sessionId) &&
    typeof change.publicState === 'boolean' &&
    typeof change.privateState === 'boolean' &&
    typeof change.permissions === 'boolean'
  )
}
