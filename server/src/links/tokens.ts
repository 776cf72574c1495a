import { createHash, randomBytes } from 'node:crypto'

/** A new link token: 256 random bits, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What storage keeps of a token: its SHA-256, hex. A stolen database opens no session. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A new session id: 128 random bits, base64url (22 characters, a valid room id). */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url')
}
