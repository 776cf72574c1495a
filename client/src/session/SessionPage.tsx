import {
  ControlEvent,
  type PrivateState,
  type SessionState,
  type TemplateStart,
  tokenFromHash,
} from '@roofline/shared'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useValue } from 'tldraw'
import { BoardCanvas, type BoardCanvasProps } from '../board/BoardCanvas.tsx'
import { ConnectionBadge } from '../board/ConnectionBadge.tsx'
import { type BoardState, createUserSignal, useBoardStore } from '../board/useBoardStore.ts'
import { isPanelOpen, useNarrowWindow } from '../boardTools/panelLayout.ts'
import { useCalcDoc } from '../calc/useCalcDoc.ts'
import { loadLocalUser } from '../identity.ts'
import type { ControlConnection } from '../net/controlConnection.ts'
import { ProblemPage } from '../ProblemPage.tsx'
import { RoomProvider, useRoom } from '../room/RoomProvider.tsx'
import { EndedActions } from '../sharing/EndedActions.tsx'
import { RecordedBadge } from '../sharing/RecordedBadge.tsx'
import { SpeakingNamesProvider } from '../voice/SpeakingCursor.tsx'
import { speakingNamesOf } from '../voice/speakingNames.ts'
import { useSessionVoiceRoom } from '../voice/useVoiceRoom.ts'
import { VoiceControls } from '../voice/VoiceControls.tsx'
import { VoiceNotices } from '../voice/VoiceNotices.tsx'
import { GatherNotice } from './GatherNotice.tsx'
import { PanelToggle } from './PanelToggle.tsx'
import { PresenceList } from './PresenceList.tsx'
import { placeRevealedCard, protectRevealedCards, type RevealedCardText } from './revealedCards.ts'
import { SessionPanel } from './SessionPanel.tsx'
import { TimerDisplay } from './TimerDisplay.tsx'
import { useSession } from './useSession.ts'
import { useSeedBoard, useTemplateStart } from './useTemplateStart.ts'
import './session.css'
import './sessionPanel.css'

/** `/s/<id>#token=...`: a session as the link's role sees it. */
export function SessionPage({ sessionId }: { sessionId: string }) {
  const token = useMemo(() => tokenFromHash(window.location.hash), [])
  if (!token) {
    return (
      <ProblemPage
        title="This session link is incomplete"
        detail="The link has no access token. Copy the whole link the interviewer sent you, including the part after #."
      />
    )
  }
  return <JoinedSession sessionId={sessionId} token={token} />
}

function JoinedSession({ sessionId, token }: { sessionId: string; token: string }) {
  const { status, control } = useSession(sessionId, token)
  if (status.kind === 'refused')
    return <ProblemPage title="This link does not open a session" detail={status.reason} />
  if (status.kind === 'connecting' || !control) {
    return (
      <div className="home">
        <main className="home-main">
          <p className="lede">Joining the session…</p>
        </main>
      </div>
    )
  }
  return (
    <SessionLayout
      sessionId={sessionId}
      token={token}
      state={status.state}
      privateState={status.privateState}
      control={control}
    />
  )
}

/** A joined session: its id, this link's token, what the server says of it, and the control socket. */
interface LiveSession {
  sessionId: string
  token: string
  state: SessionState
  privateState: PrivateState | null
  control: ControlConnection
}

function SessionLayout(session: LiveSession) {
  const { sessionId, token, state, control } = session
  const you = state.participants.find((p) => p.seat === state.you.seat)
  const [userSignal] = useState(() => {
    const local = loadLocalUser()
    return createUserSignal({ ...local, name: you?.name ?? 'Observer' })
  })
  const board = useBoardStore(sessionId, userSignal, token)
  const isInterviewer = state.you.role === 'interviewer'
  // Examples and the starter are a complete answer: the interviewer's, unless they allow them.
  const examplesAllowed = isInterviewer || state.examplesAllowed
  const ended = state.endedAt !== null
  const readOnly = state.you.role === 'observer' || ended
  const doc = board.connection?.doc ?? null
  const start = useTemplateStart({ sessionId, token, templateKey: state.templateKey })
  const sessionModel = useCalcDoc(doc).presets.model
  const canLead = isInterviewer && !ended
  // "Bring everyone to my view": the others' boards follow this board's user.
  const bringEveryone = useCallback(
    (boardUserId: string) => control.send(ControlEvent.gather, { boardUserId }),
    [control],
  )

  return (
    <RoomProvider
      setup={{
        doc,
        readOnly,
        userName: you?.name ?? 'Observer',
        sessionModel,
        starterDiagram: examplesAllowed ? (start?.starterDiagram ?? null) : null,
        examplesAllowed,
        bringEveryone: canLead ? bringEveryone : null,
      }}
    >
      <SessionRoomView session={session} board={board} userSignal={userSignal} start={start} />
    </RoomProvider>
  )
}

/** The session's page inside its room: the top bar, the board and the side panel. */
function SessionRoomView({
  session,
  board,
  userSignal,
  start,
}: {
  session: LiveSession
  board: BoardState
  userSignal: BoardCanvasProps['user']
  start: TemplateStart | null
}) {
  const { sessionId, token, state, privateState, control } = session
  const { doc, editor, readOnly } = useRoom()
  const isInterviewer = state.you.role === 'interviewer'
  const ended = state.endedAt !== null
  useSeedBoard(start, { doc, editor, canWrite: !readOnly })
  const panelOpen = useValue('side panel open', () => isPanelOpen('sidePanel'), [])
  // On a narrow window (a tablet in portrait) the panel is a drawer over the board.
  const drawer = useNarrowWindow()
  const voice = useSessionVoiceRoom({ sessionId, token, seat: state.you.seat, control })
  const speaking = voice.snapshot?.speaking
  const speakingNames = useMemo(
    () => speakingNamesOf(state.participants, speaking),
    [state.participants, speaking],
  )

  const pinCard = (card: RevealedCardText) => {
    if (editor) placeRevealedCard(editor, card)
  }
  // Revealed cards stay as the interviewer placed them: nobody else may unlock, edit or delete one.
  useEffect(() => {
    if (!editor || isInterviewer) return
    return protectRevealedCards(editor)
  }, [editor, isInterviewer])

  return (
    <div className="board-page session-page live-session" data-role={state.you.role}>
      <header className="topbar">
        <a className="brand" href="/">
          Roofline
        </a>
        <span className={`role-badge role-${state.you.role}`} data-testid="role">
          {state.you.role}
        </span>
        <TimerDisplay timer={state.timer} clockOffset={control.clockOffset()} />
        <span className="spacer" />
        <VoiceControls {...voice} state={state} control={control} />
        <RecordedBadge sessionId={sessionId} token={token} isInterviewer={isInterviewer} />
        <PresenceList
          participants={state.participants}
          inVoice={new Set(voice.snapshot?.peers.flatMap((peer) => (peer.seat ? [peer.seat] : [])))}
          speaking={speaking}
          noMic={
            new Set(voice.snapshot?.peers.flatMap((peer) => (peer.seat && peer.noMic ? [peer.seat] : [])))
          }
        />
        <ConnectionBadge state={board.connectionState} />
        <PanelToggle open={panelOpen} controls="session-panel" />
      </header>
      <VoiceNotices {...voice} state={state} />
      {ended && (
        <div className="session-banner" role="status">
          This session has ended. The board is read-only.
          {isInterviewer && <EndedActions sessionId={sessionId} token={token} />}
        </div>
      )}
      <div className="session-body">
        <main className="board-canvas">
          <SpeakingNamesProvider value={speakingNames}>
            <BoardCanvas board={board} user={userSignal} />
          </SpeakingNamesProvider>
          <GatherNotice control={control} editor={editor} />
        </main>
        <aside
          id="session-panel"
          className="side-panel"
          aria-label="Session panel"
          hidden={!panelOpen}
          data-drawer={drawer}
        >
          <SessionPanel
            sessionId={sessionId}
            state={state}
            privateState={privateState}
            control={control}
            onRevealed={pinCard}
          />
        </aside>
      </div>
    </div>
  )
}
