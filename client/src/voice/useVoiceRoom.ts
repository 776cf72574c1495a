import type { Seat } from '@roofline/shared'
import { useEffect, useState } from 'react'
import type { ControlConnection } from '../net/controlConnection.ts'
import { VoiceRoom, type VoiceSnapshot } from './voiceRoom.ts'

declare global {
  interface Window {
    /** The page's voice room (the e2e tests measure the tones it receives). */
    __rooflineVoice?: VoiceRoom
  }
}

/**
 * The voice room of this page's session, for as long as the page shows it, and its latest
 * snapshot. A tab that was in voice before a reload joins again at once.
 */
export function useVoiceRoom(options: {
  sessionId: string
  token: string
  seat: Seat
  control: ControlConnection
}): { room: VoiceRoom | null; snapshot: VoiceSnapshot | null } {
  const { sessionId, token, seat, control } = options
  const [room, setRoom] = useState<VoiceRoom | null>(null)
  const [snapshot, setSnapshot] = useState<VoiceSnapshot | null>(null)
  useEffect(() => {
    // `?ice=relay` forces TURN: a test of the relay path, or a network where only TURN works.
    const relay = new URLSearchParams(window.location.search).get('ice') === 'relay'
    const next = new VoiceRoom({
      sessionId,
      token,
      seat,
      control,
      ...(relay ? { iceTransportPolicy: 'relay' as const } : {}),
    })
    setRoom(next)
    setSnapshot(next.snapshot)
    window.__rooflineVoice = next
    const stop = next.subscribe(setSnapshot)
    if (next.wanted) void next.join()
    return () => {
      stop()
      next.close()
      if (window.__rooflineVoice === next) window.__rooflineVoice = undefined
    }
  }, [sessionId, token, seat, control])
  return { room, snapshot }
}
