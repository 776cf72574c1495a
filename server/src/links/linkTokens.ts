import { SessionError } from '../sessionError.ts'
import type { Storage, StoredToken } from '../storage/storage.ts'
import { type LinkKind, linkColumn, parseLinkColumn } from './linkKinds.ts'
import { hashToken, newToken } from './tokens.ts'

/** How a refusal is worded: to someone opening the live session, or a replay. */
export type LinkAudience = 'session' | 'replay'

const WORDING: Record<LinkAudience, { missing: string; wrong: string; revoked: string }> = {
  session: {
    missing: 'This link has no access token. Ask the interviewer for your link.',
    wrong: 'This link is not valid for this session. Ask the interviewer for your link.',
    revoked: 'This link was replaced by a new one. Ask the interviewer for the new link.',
  },
  replay: {
    missing: 'This replay link has no access token.',
    wrong: 'This link is not valid for this session.',
    revoked: 'This link was replaced or revoked by the interviewer. Ask them for a new one.',
  },
}

/**
 * A session's link tokens: the one check every route and socket uses, and issuing, replacing
 * and revoking them. Only a token's SHA-256 is stored; the token leaves the server once, in
 * the answer that created it.
 */
export class LinkTokens {
  readonly #storage: Storage

  constructor(storage: Storage) {
    this.#storage = storage
  }

  /**
   * What `token` opens in session `sessionId`.
   *
   * @throws SessionError 401 for a missing, unknown, other session's, replaced or unreadable token.
   */
  async check(
    sessionId: string,
    token: string | null | undefined,
    audience: LinkAudience,
  ): Promise<LinkKind> {
    const wording = WORDING[audience]
    if (!token) throw new SessionError(401, wording.missing)
    const stored = await this.#storage.findToken(hashToken(token))
    if (!stored || stored.sessionId !== sessionId) throw new SessionError(401, wording.wrong)
    if (stored.revokedAt !== null) throw new SessionError(401, wording.revoked)
    const kind = parseLinkColumn(stored.seat)
    if (!kind) throw new SessionError(401, wording.wrong)
    return kind
  }

  /** The session and kind of a live `token` of any session, or null (unknown, replaced, unreadable). */
  async find(token: string): Promise<{ sessionId: string; link: LinkKind } | null> {
    const stored = await this.#storage.findToken(hashToken(token))
    if (!stored || stored.revokedAt !== null) return null
    const link = parseLinkColumn(stored.seat)
    return link ? { sessionId: stored.sessionId, link } : null
  }

  /** The stored form of a new token of `link` (for a session created or imported with its links). */
  mint(sessionId: string, link: LinkKind): { token: string; stored: StoredToken } {
    const token = newToken()
    return { token, stored: { hash: hashToken(token), sessionId, seat: linkColumn(link), revokedAt: null } }
  }

  /** Adds one more link of `link`'s kind to the session; answers its token. */
  async issue(sessionId: string, link: LinkKind): Promise<string> {
    const { token, stored } = this.mint(sessionId, link)
    await this.#storage.addToken(stored)
    return token
  }

  /** Revokes every live link of `link`'s kind in the session and issues a new one; answers its token. */
  async replace(sessionId: string, link: LinkKind, at: number): Promise<string> {
    const { token, stored } = this.mint(sessionId, link)
    await this.#storage.replaceToken(sessionId, stored.seat, stored, at)
    return token
  }

  /** Revokes every live link of the given kinds in the session; answers how many. */
  revoke(sessionId: string, links: readonly LinkKind[], at: number): Promise<number> {
    return this.#storage.revokeTokens(sessionId, links.map(linkColumn), at)
  }
}
