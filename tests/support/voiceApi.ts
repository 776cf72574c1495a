import { VoiceHeader, voiceChunkPath, voiceTracksPath, voiceUploadPath } from '@roofline/shared'

/** One chunk as a browser's recorder would upload it. */
export interface TestChunk {
  seq: number
  bytes: Uint8Array
  at: number
  track?: number
  durationMs?: number
  levels?: number[]
  mime?: string
}

/** Uploads `chunk` for `seat` of session `id` with `token` (real HTTP). */
export function uploadChunk(
  url: string,
  id: string,
  seat: string,
  token: string,
  chunk: TestChunk,
): Promise<Response> {
  const durationMs = chunk.durationMs ?? 3000
  return fetch(`${url}${voiceUploadPath(id, seat, chunk.seq)}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/octet-stream',
      [VoiceHeader.track]: String(chunk.track ?? 0),
      [VoiceHeader.at]: String(chunk.at),
      [VoiceHeader.duration]: String(durationMs),
      [VoiceHeader.levels]: (
        chunk.levels ?? Array.from({ length: durationMs / 100 }, (_, i) => (i * 7) % 101)
      ).join(','),
      [VoiceHeader.mime]: chunk.mime ?? 'audio/webm;codecs=opus',
    },
    body: Buffer.from(chunk.bytes),
  })
}

/** Bytes that stand for one chunk of recorded audio: distinct per `seed`, `size` long. */
export function chunkBytes(seed: number, size = 12_000): Uint8Array {
  const bytes = new Uint8Array(size)
  let x = seed * 2654435761 + 1
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    bytes[i] = x >>> 24
  }
  return bytes
}

/** `GET /api/sessions/:id/voice` with `token`. */
export function getTracks(url: string, id: string, token: string): Promise<Response> {
  return fetch(`${url}${voiceTracksPath(id)}`, { headers: { authorization: `Bearer ${token}` } })
}

/** `GET` one chunk's bytes with `token`. */
export function getChunk(url: string, id: string, seat: string, track: number, seq: number, token: string) {
  return fetch(`${url}${voiceChunkPath(id, seat, track, seq)}`, {
    headers: { authorization: `Bearer ${token}` },
  })
}

/** Makes a replay link with `options` (`includePrivate`, `includeVoices`); answers its token. */
export async function replayToken(
  url: string,
  id: string,
  hostToken: string,
  options: { includePrivate?: boolean; includeVoices?: boolean },
): Promise<string> {
  const response = await fetch(`${url}/api/sessions/${id}/replay-links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hostToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(options),
  })
  if (response.status !== 201) throw new Error(`replay link: ${response.status} ${await response.text()}`)
  const { link } = (await response.json()) as { link: string }
  return /token=([A-Za-z0-9_-]+)/.exec(link)?.[1] ?? ''
}
