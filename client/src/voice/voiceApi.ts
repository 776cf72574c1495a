import {
  boardVoiceIcePath,
  iceConfigSchema,
  type RelayedSignal,
  relayedSignalSchema,
  type VoicePeer,
  type VoiceTracks,
  voiceChunkPath,
  voiceIcePath,
  voicePeersSchema,
  voiceTracksPath,
  voiceTracksSchema,
} from '@roofline/shared'

/** The voice roster from `voice:peers` (or a join's ack); null when malformed. */
export function parsePeers(raw: unknown): VoicePeer[] | null {
  const parsed = voicePeersSchema.safeParse(raw)
  if (!parsed.success) console.warn('Roofline voice: ignored a malformed roster', parsed.error)
  return parsed.success ? parsed.data : null
}

/** A relayed `voice:signal`; null when malformed. */
export function parseRelayedSignal(raw: unknown): RelayedSignal | null {
  const parsed = relayedSignalSchema.safeParse(raw)
  if (!parsed.success) console.warn('Roofline voice: ignored a malformed signal', parsed.error)
  return parsed.success ? parsed.data : null
}

async function get(path: string, token: string | null): Promise<Response> {
  const response = await fetch(path, token === null ? {} : { headers: { authorization: `Bearer ${token}` } })
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string }
    throw new VoiceHttpError(response.status, body.error ?? `The server answered ${response.status}.`)
  }
  return response
}

/** A refused voice request, with its HTTP status (403: this link carries no voices). */
export class VoiceHttpError extends Error {
  override name = 'VoiceHttpError'
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}

/** `GET /api/sessions/:id/voice/ice`: the ICE servers, TURN ones with short-lived credentials. */
export async function fetchIceServers(sessionId: string, token: string): Promise<RTCIceServer[]> {
  const response = await get(voiceIcePath(sessionId), token)
  return iceConfigSchema.parse(await response.json()).iceServers
}

/** `GET /api/boards/:id/voice/ice`: a scratch board's ICE servers (its link is its access). */
export async function fetchBoardIceServers(boardId: string): Promise<RTCIceServer[]> {
  const response = await get(boardVoiceIcePath(boardId), null)
  return iceConfigSchema.parse(await response.json()).iceServers
}

/** `GET /api/sessions/:id/voice`: every recorded track (a replay link made with voices). */
export async function fetchVoiceTracks(sessionId: string, token: string): Promise<VoiceTracks> {
  const response = await get(voiceTracksPath(sessionId), token)
  return voiceTracksSchema.parse(await response.json())
}

/** The bytes of one stored chunk. */
export async function fetchVoiceChunk(
  sessionId: string,
  token: string,
  seat: string,
  track: number,
  seq: number,
): Promise<Blob> {
  return (await get(voiceChunkPath(sessionId, seat, track, seq), token)).blob()
}
