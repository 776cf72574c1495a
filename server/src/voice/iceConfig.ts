import { createHmac } from 'node:crypto'
import type { IceConfig, IceServer } from '@roofline/shared'

/** Where the ICE servers come from (the configuration's STUN list and TURN settings). */
export interface IceSettings {
  /** STUN servers, handed out as they are. */
  stun: IceServer[]
  /** TURN URLs; empty: no TURN. */
  turnUrls: string[]
  /** coturn's `static-auth-secret`. */
  turnSecret: string | undefined
  /** Lifetime of a TURN credential, in seconds. */
  ttlSeconds: number
}

/**
 * A TURN credential in coturn's shared-secret scheme (`use-auth-secret`, the "TURN REST API"):
 * the username is `<unix expiry>:<user>`, the password base64(HMAC-SHA1(secret, username)).
 * coturn recomputes it from the same secret and refuses it after the expiry, so nothing is
 * stored and a leaked credential dies on its own.
 *
 * @example turnCredential('s3cret-s3cret-s3cret', 'abc-host', 1_700_000_000).username // '1700000000:abc-host'
 */
export function turnCredential(
  secret: string,
  user: string,
  expiresAtSeconds: number,
): { username: string; credential: string } {
  const username = `${expiresAtSeconds}:${user}`
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') }
}

/**
 * The ICE configuration of one seat of a session (or of someone on a board: `who` is "board")
 * at `now` (ms): the STUN servers, and the TURN servers with a credential naming the place and
 * seat (coturn logs it), valid for the TTL.
 */
export function iceConfigFor(settings: IceSettings, placeId: string, who: string, now: number): IceConfig {
  const expiresAtSeconds = Math.floor(now / 1000) + settings.ttlSeconds
  const iceServers: IceServer[] = [...settings.stun]
  if (settings.turnUrls.length > 0 && settings.turnSecret) {
    iceServers.push({
      urls: settings.turnUrls,
      ...turnCredential(settings.turnSecret, `${placeId}-${who}`, expiresAtSeconds),
    })
  }
  return { iceServers, expiresAt: expiresAtSeconds * 1000 }
}
