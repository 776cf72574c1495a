import { type CreateSessionResponse, isRoomId, tokenFromHash } from '@roofline/shared'

const KEY = 'roofline.library'

/** A session this browser created (or imported): its id and the link that opens it as interviewer. */
export interface RememberedSession {
  id: string
  /** The interviewer's link (or an imported session's replay link); its token opens the replay. */
  link: string
  rememberedAt: number
}

/** The interviewer token of a remembered session, from its link's fragment. */
export function tokenOf(session: RememberedSession): string | null {
  try {
    return tokenFromHash(new URL(session.link).hash)
  } catch {
    return null
  }
}

/** Every session remembered in this browser, newest first. There are no accounts: this list is the library. */
export function rememberedSessions(storage: Storage = window.localStorage): RememberedSession[] {
  try {
    const parsed = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown
    if (!Array.isArray(parsed)) return []
    return parsed
      .filter(
        (item): item is RememberedSession =>
          typeof item === 'object' &&
          item !== null &&
          isRoomId((item as RememberedSession).id) &&
          typeof (item as RememberedSession).link === 'string' &&
          typeof (item as RememberedSession).rememberedAt === 'number',
      )
      .sort((a, b) => b.rememberedAt - a.rememberedAt)
  } catch {
    return []
  }
}

/**
 * Remembers a session in this browser's library (called once, when a session is created or
 * imported). A second call for the same id replaces the first.
 *
 * @example rememberSession({ id: created.id, link: created.links.interviewer })
 */
export function rememberSession(
  session: Pick<CreateSessionResponse, 'id'> & { link: string },
  storage: Storage = window.localStorage,
  now: number = Date.now(),
): void {
  const others = rememberedSessions(storage).filter((s) => s.id !== session.id)
  storage.setItem(KEY, JSON.stringify([{ id: session.id, link: session.link, rememberedAt: now }, ...others]))
}

/** Takes a session out of this browser's library (after deleting it, or when it is gone). */
export function forgetSession(id: string, storage: Storage = window.localStorage): void {
  storage.setItem(KEY, JSON.stringify(rememberedSessions(storage).filter((s) => s.id !== id)))
}
