import { atom } from 'tldraw'

/**
 * Origins whose pages a board may frame, as the server allows them (`ROOFLINE_EMBED_ORIGINS`,
 * `GET /api/client-config`). Empty until the answer came, and when it cannot be had: no
 * embed is framed on a guess.
 */
export const embedOrigins = atom<readonly string[]>('embed origins', [])

let requested = false

/** Asks the server for its client configuration once per page; later calls do nothing. */
export function loadClientConfig(): void {
  if (requested) return
  requested = true
  fetch('/api/client-config')
    .then((response) => (response.ok ? response.json() : { embedOrigins: [] }))
    .then(
      (config: { embedOrigins?: unknown }) => {
        const origins = Array.isArray(config.embedOrigins) ? config.embedOrigins : []
        embedOrigins.set(origins.filter((origin): origin is string => typeof origin === 'string'))
      },
      (error: unknown) => console.warn('Roofline: no client configuration; embeds stay off', error),
    )
}
