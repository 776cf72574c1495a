import { VoiceHeader, voiceUploadPath } from '@roofline/shared'
import { io } from 'socket.io-client'
import type { RoomAddress } from './benchClients.ts'

/** One chunk as a browser's recorder sends it: 3 s of Opus at 32 kb/s. */
export const VOICE_CHUNK_MS = 3000
export const VOICE_CHUNK_BYTES = (32_000 / 8) * (VOICE_CHUNK_MS / 1000)

/** Turns voice recording on in a Roofline session with its interviewer's token (the control socket). */
async function recordingOn(address: RoomAddress): Promise<void> {
  const socket = io(`http://127.0.0.1:${address.port}`, {
    path: '/socket.io',
    auth: { sessionId: address.room, token: address.token },
    transports: ['websocket'],
    reconnection: false,
  })
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve())
      socket.once('connect_error', reject)
    })
    const ack = (await socket.timeout(10_000).emitWithAck('voice:record', { on: true })) as { ok: boolean }
    if (!ack.ok) throw new Error(`voice:record refused in ${address.room}`)
  } finally {
    socket.close()
  }
}

/**
 * Every room uploads one voice track beside the drawing: the interviewer's seat sends a
 * ~12 kB chunk every 3 s (32 kb/s), numbered, with its levels, as the browser does; the
 * rooms' phases are spread over the period. Answers a stop function and the upload count.
 */
export async function startVoiceUploads(
  addresses: RoomAddress[],
): Promise<{ stop(): Promise<{ uploads: number; failed: number }> }> {
  for (const address of addresses) await recordingOn(address)
  let uploads = 0
  let failed = 0
  let stopped = false
  const inFlight = new Set<Promise<void>>()
  const levels = Array.from({ length: VOICE_CHUNK_MS / 100 }, (_, i) => (i * 13) % 101).join(',')
  const timers = addresses.map((address, r) => {
    let seq = 0
    const bytes = Buffer.alloc(VOICE_CHUNK_BYTES, r % 251)
    const send = () => {
      if (stopped) return
      const upload = fetch(`http://127.0.0.1:${address.port}${voiceUploadPath(address.room, 'host', seq)}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${address.token}`,
          'content-type': 'application/octet-stream',
          [VoiceHeader.track]: '0',
          [VoiceHeader.at]: String(Date.now()),
          [VoiceHeader.duration]: String(VOICE_CHUNK_MS),
          [VoiceHeader.levels]: levels,
          [VoiceHeader.mime]: 'audio/webm;codecs=opus',
        },
        body: bytes,
      }).then(
        async (response) => {
          await response.arrayBuffer()
          if (response.status === 201) uploads++
          else failed++
        },
        () => {
          failed++
        },
      )
      seq++
      inFlight.add(upload)
      void upload.finally(() => inFlight.delete(upload))
    }
    let interval: NodeJS.Timeout | undefined
    const first = setTimeout(() => {
      send()
      interval = setInterval(send, VOICE_CHUNK_MS)
    }, Math.random() * VOICE_CHUNK_MS)
    return () => {
      clearTimeout(first)
      clearInterval(interval)
    }
  })
  return {
    async stop() {
      stopped = true
      for (const clear of timers) clear()
      await Promise.all(inFlight)
      return { uploads, failed }
    },
  }
}
