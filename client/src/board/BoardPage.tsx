import { useState } from 'react'
import { useValue } from 'tldraw'
import { loadLocalUser, saveLocalUser } from '../identity.ts'
import { RoomProvider } from '../room/RoomProvider.tsx'
import { BoardCanvas } from './BoardCanvas.tsx'
import { BoardSpeakingNames, BoardVoiceControls, BoardVoiceNotices, useBoardVoice } from './BoardVoice.tsx'
import { ConnectionBadge } from './ConnectionBadge.tsx'
import { CopyButton } from './CopyButton.tsx'
import { createUserSignal, useBoardStore } from './useBoardStore.ts'

/** A scratch board: the tldraw canvas bound to room `roomId`, under a top bar with live voice. */
export function BoardPage({ roomId }: { roomId: string }) {
  const [userSignal] = useState(() => createUserSignal(loadLocalUser()))
  const user = useValue(userSignal)
  const board = useBoardStore(roomId, userSignal)
  const voice = useBoardVoice(roomId, user.name)

  const rename = (name: string) => {
    const next = { ...userSignal.get(), name: name.slice(0, 40) }
    userSignal.set(next)
    saveLocalUser(next)
  }

  return (
    <RoomProvider setup={{ doc: board.connection?.doc ?? null, readOnly: false, userName: user.name }}>
      <div className="board-page">
        <header className="topbar">
          <a className="brand" href="/">
            Roofline
          </a>
          <span className="board-id" title="Board id">
            Board {roomId}
          </span>
          <CopyButton text={() => window.location.href} label="Copy link" />
          <span className="spacer" />
          <BoardVoiceControls {...voice} />
          <label className="name-field">
            <span>Your name</span>
            <input
              value={user.name}
              onChange={(event) => rename(event.target.value)}
              maxLength={40}
              aria-label="Your name"
              style={{ borderColor: user.color }}
            />
          </label>
          <ConnectionBadge state={board.connectionState} />
        </header>
        <BoardVoiceNotices {...voice} />
        <main className="board-canvas">
          <BoardSpeakingNames snapshot={voice.snapshot}>
            <BoardCanvas board={board} user={userSignal} />
          </BoardSpeakingNames>
        </main>
      </div>
    </RoomProvider>
  )
}
