import type { IncomingMessage } from 'node:http'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Whether a WebSocket (or socket.io) request may connect, by its `Origin`: a page elsewhere
 * must not open a board or a session in its visitor's browser. With a public URL configured,
 * only pages of that origin may; without one, pages of the host the request came to, and
 * pages on this machine (development: Vite serves the client from another port). A request
 * without `Origin` is no browser's (browsers always send one with a WebSocket) and passes:
 * its tokens are checked as always.
 */
export function originAllowed(request: IncomingMessage, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  let parsed: URL
  try {
    parsed = new URL(origin)
  } catch {
    return false
  }
  if (publicUrl !== undefined) return parsed.origin === new URL(publicUrl).origin
  return parsed.host === request.headers.host || LOOPBACK.has(parsed.hostname)
}
