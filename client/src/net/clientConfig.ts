import { clientConfigSchema } from '@roofline/shared'
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
      (config: unknown) => {
        // An answer of another shape turns embeds off, as no answer does.
        const parsed = clientConfigSchema.safeParse(config)
        if (!parsed.success) console.warn('Roofline: unreadable client configuration; embeds stay off')
        embedOrigins.set(parsed.success ? parsed.data.embedOrigins : [])
      },
      (error: unknown) => console.warn('Roofline: no client configuration; embeds stay off', error),
    )
}
