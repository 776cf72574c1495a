import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react'
import { type BoardControl, connectBoardControl } from '../net/boardControl.ts'
import { SpeakingNamesProvider } from '../voice/SpeakingCursor.tsx'
import { useVoiceRoom, type VoiceRoomState } from '../voice/useVoiceRoom.ts'
import { MicIcon, VoiceBar } from '../voice/VoiceBar.tsx'
import { MicrophoneProblem } from '../voice/VoiceNotices.tsx'
import { fetchBoardIceServers } from '../voice/voiceApi.ts'
import type { VoiceSnapshot } from '../voice/voiceRoom.ts'
import '../voice/voice.css'

/** How long the name field rests before the voice roster hears the new name. */
const RENAME_AFTER_MS = 600

/**
 * The voice room of scratch board `boardId`: its own control connection (namespace `/board`),
 * everyone equal, each under their board name (`name`; the roster follows a rename). Scratch
 * boards are never recorded.
 */
export function useBoardVoice(boardId: string, name: string): VoiceRoomState {
  const [control, setControl] = useState<BoardControl | null>(null)
  useEffect(() => {
    const next = connectBoardControl(boardId)
    setControl(next)
    return () => next.close()
  }, [boardId])
  const latestName = useRef(name)
  latestName.current = name
  const options = useMemo(
    () =>
      control && {
        place: `board:${boardId}`,
        seat: null,
        control,
        name: () => latestName.current,
        iceServers: () => fetchBoardIceServers(boardId),
      },
    [control, boardId],
  )
  const voice = useVoiceRoom(options)
  const { room } = voice
  useEffect(() => {
    // An empty name field keeps the last name in the roster.
    if (!room || name.trim() === '') return
    const timer = setTimeout(() => void room.rename(), RENAME_AFTER_MS)
    return () => clearTimeout(timer)
  }, [room, name])
  return voice
}

/** The board top bar's voice: join, mute (Alt+M), the menu, and who is in voice (a ring on whoever speaks). */
export function BoardVoiceControls({ room, snapshot }: VoiceRoomState) {
  if (!room || !snapshot) return null
  return (
    <>
      <VoiceBar
        room={room}
        snapshot={snapshot}
        listeningHint="You listen: your microphone is off."
        settings={
          <p className="voice-not-recorded" data-testid="voice-not-recorded">
            Scratch boards are never recorded: voice here is live only.
          </p>
        }
      />
      {snapshot.phase === 'joined' && <VoicePeople snapshot={snapshot} />}
    </>
  )
}

/** Names shown in the top bar; more go into a "+n" chip, so six people still fit at 1024 px. */
const SHOWN_NAMES = 4

/** Who is in voice, in the top bar: a ring on whoever speaks; the mic struck out when muted or missing. */
function VoicePeople({ snapshot }: { snapshot: VoiceSnapshot }) {
  const { peers, speakingPeers, you } = snapshot
  const shown = peers.slice(0, SHOWN_NAMES)
  const more = peers.slice(SHOWN_NAMES)
  const moreSpeaking = more.some((peer) => speakingPeers.has(peer.peerId))
  return (
    <ul className="voice-people" aria-label="In voice" data-testid="voice-people">
      {shown.map((peer) => {
        const speaking = speakingPeers.has(peer.peerId)
        // Each peer tells the roster of its mute and a missing microphone; one's own shows at once.
        const silent = peer.muted || peer.noMic === true || (peer.peerId === you && !snapshot.hasMicrophone)
        return (
          <li
            key={peer.peerId}
            className={speaking ? 'is-speaking' : ''}
            data-speaking={speaking}
            data-no-mic={peer.noMic === true}
            data-testid="voice-person"
            title={`${peer.name}${peer.peerId === you ? ' (you)' : ''}${peer.noMic ? ', no microphone' : silent ? ', not speaking' : speaking ? ', speaking' : ''}`}
          >
            <MicIcon off={silent} />
            <span className="voice-person-name">{peer.name}</span>
          </li>
        )
      })}
      {more.length > 0 && (
        <li
          className={moreSpeaking ? 'is-speaking' : ''}
          data-speaking={moreSpeaking}
          title={more.map((peer) => peer.name).join(', ')}
        >
          +{more.length}
        </li>
      )}
    </ul>
  )
}

/** The microphone problem banner under the board's top bar. */
export function BoardVoiceNotices({ room, snapshot }: VoiceRoomState) {
  return <MicrophoneProblem room={room} snapshot={snapshot} />
}

/** Gives the board's cursors the names of the people speaking now (their cursor rings). */
export function BoardSpeakingNames({
  snapshot,
  children,
}: {
  snapshot: VoiceRoomState['snapshot']
  children: ReactNode
}) {
  const names = useMemo(
    () =>
      new Set(
        (snapshot?.peers ?? []).filter((p) => snapshot?.speakingPeers.has(p.peerId)).map((p) => p.name),
      ),
    [snapshot],
  )
  return <SpeakingNamesProvider value={names}>{children}</SpeakingNamesProvider>
}
