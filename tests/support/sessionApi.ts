import { type CreateSessionResponse, tokenFromHash } from '@roofline/shared'

/** The seats' link names in a create-session response. */
export type LinkRole = keyof CreateSessionResponse['links']

/** Creates a session on the server at `url` with `body` (every field optional). */
export async function createSession(url: string, body: object = {}): Promise<CreateSessionResponse> {
  const response = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (response.status !== 201) throw new Error(`create session: ${response.status} ${await response.text()}`)
  return (await response.json()) as CreateSessionResponse
}

/** The access token a session link carries after `#`. */
export function tokenOf(link: string): string {
  return tokenFromHash(new URL(link).hash) ?? ''
}

/** Makes a replay link of session `id` with the interviewer's `token`, with or without the notes. */
export async function createReplayLink(url: string, id: string, token: string, includePrivate: boolean) {
  const response = await fetch(`${url}/api/sessions/${id}/replay-links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ includePrivate }),
  })
  if (response.status !== 201) throw new Error(`replay link: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { link: string }).link
}

/** The recording of session `id` as `token` reads it: its status and its body as text. */
export async function fetchRecording(server: { url: string }, id: string, token: string) {
  const response = await fetch(`${server.url}/api/sessions/${id}/recording`, {
    headers: { authorization: `Bearer ${token}` },
  })
  return { status: response.status, text: await response.text() }
}
