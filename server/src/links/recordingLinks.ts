import type { Seat } from '@roofline/shared'
import type { SessionData } from '@roofline/shared/session'
import { SessionError } from '../sessionError.ts'
import type { LinkKind } from './linkKinds.ts'
import type { LinkTokens } from './linkTokens.ts'

/** How a recording refuses a seat's link: the wording of each 403. */
export interface RecordingSeatRule {
  /** Refuses a seat that never interviewed (a candidate or an observer). */
  notInterviewer: string
  /** When set, refuses every seat while the session is live, before asking whether it interviewed. */
  whileLive?: string
}

/** Whether `seat` interviewed in `session`: the host always; in peer practice both peers take turns. */
export function seatInterviewed(seat: Seat, session: Pick<SessionData, 'mode'>): boolean {
  return seat === 'host' || (seat === 'guest' && session.mode === 'peer')
}

/**
 * The one check of a link that opens a session's recording (its replay, its recorded voices):
 * a replay link passes as it is (its options say what it reads); a seat's link passes only for
 * a seat that interviewed, and, under `rule.whileLive`, only once the session is over.
 *
 * @throws SessionError 401 for a wrong token (as {@link LinkTokens.check}), 403 with the
 *   wording of `rule` for a seat refused.
 */
export async function checkRecordingLink(
  links: LinkTokens,
  sessionId: string,
  token: string | null,
  session: Pick<SessionData, 'mode' | 'endedAt'>,
  rule: RecordingSeatRule,
): Promise<LinkKind> {
  const link = await links.check(sessionId, token, 'replay')
  if (link.kind === 'replay') return link
  if (rule.whileLive !== undefined && session.endedAt === null) throw new SessionError(403, rule.whileLive)
  if (!seatInterviewed(link.seat, session)) throw new SessionError(403, rule.notInterviewer)
  return link
}
