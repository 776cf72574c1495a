import type { Seat } from '@roofline/shared'
import { useEffect, useMemo, useState } from 'react'
import type { ControlConnection } from '../net/controlConnection.ts'
import { fetchIceServers } from './voiceApi.ts'
import { VoiceRoom, type VoiceRoomOptions, type VoiceSnapshot } from './voiceRoom.ts'

declare global {
  interface Window {
    /** The page's voice room (the e2e tests measure the tones it receives). */
    __rooflineVoice?: VoiceRoom
  }
}

/** A page's voice room and its latest snapshot (null until the room exists). */
export interface VoiceRoomState {
  room: VoiceRoom | null
  snapshot: VoiceSnapshot | null
}

/**
 * The voice room of this page's place (a session or a scratch board), for as long as the page
 * shows it, and its latest snapshot; a new room whenever `options` changes (memoize it). A tab
 * that was in voice before a reload joins again at once. Null options: no room yet.
 */
export function useVoiceRoom(options: Omit<VoiceRoomOptions, 'iceTransportPolicy'> | null): VoiceRoomState {
  const [room, setRoom] = useState<VoiceRoom | null>(null)
  const [snapshot, setSnapshot] = useState<VoiceSnapshot | null>(null)
  useEffect(() => {
    if (!options) return
    // `?ice=relay` forces TURN: a test of the relay path, or a network where only TURN works.
    const relay = new URLSearchParams(window.location.search).get('ice') === 'relay'
    const next = new VoiceRoom({ ...options, ...(relay ? { iceTransportPolicy: 'relay' as const } : {}) })
    setRoom(next)
    setSnapshot(next.snapshot)
    window.__rooflineVoice = next
    const stop = next.subscribe(setSnapshot)
    if (next.wanted) void next.join()
    return () => {
      stop()
      next.close()
      setRoom(null)
      if (window.__rooflineVoice === next) window.__rooflineVoice = undefined
    }
  }, [options])
  return { room, snapshot }
}

/** The voice room of a session page: its seat speaks (and is recorded) under the session's link. */
export function useSessionVoiceRoom(options: {
  sessionId: string
  token: string
  seat: Seat
  control: ControlConnection
}): VoiceRoomState {
  const { sessionId, token, seat, control } = options
  const roomOptions = useMemo(
    () => ({
      place: sessionId,
      seat,
      control,
      iceServers: () => fetchIceServers(sessionId, token),
      recording: { sessionId, token, seat, clockOffset: () => control.clockOffset() },
    }),
    [sessionId, token, seat, control],
  )
  return useVoiceRoom(roomOptions)
}
