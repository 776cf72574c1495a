/**
 * How long without a pointer move before a connected collaborator shows as idle. (tldraw's own
 * default hid them altogether at this point; Roofline keeps them listed and followable while
 * connected: see `tldrawOptions.collaboratorInactiveTimeoutMs`.)
 */
export const IDLE_AFTER_MS = 60_000

/**
 * Whether a collaborator whose last activity was at `lastActivity` is idle at `now`. A missing
 * or zero timestamp is someone who has not moved yet since joining: present, not idle.
 *
 * @example isIdle(Date.now() - 120_000, Date.now()) // true
 */
export function isIdle(lastActivity: number | null | undefined, now: number): boolean {
  return Boolean(lastActivity) && now - (lastActivity ?? 0) > IDLE_AFTER_MS
}

/**
 * "1 min", "12 min", "2 h": how long someone has been idle, for the avatar's tooltip.
 *
 * @example idleFor(125_000) // '2 min'
 */
export function idleFor(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  return minutes < 60 ? `${Math.max(1, minutes)} min` : `${Math.floor(minutes / 60)} h`
}
