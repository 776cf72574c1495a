import {
  type RecordingOutline,
  type RecordingSource,
  ReplayIndex,
  type Report,
  reportLink,
  SessionTimeline,
} from '@roofline/shared/replay'
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Editor } from 'tldraw'
import 'tldraw/tldraw.css'
import { frameDrawing } from '../board/frameDrawing.ts'
import { CalculatorPanel } from '../calc/CalculatorPanel.tsx'
import { fetchArchiveZip, fetchRecordingOutline, fetchReport, httpRecordingSource } from '../net/api.ts'
import { LoadingPage, ProblemPage } from '../ProblemPage.tsx'
import { RoomProvider } from '../room/RoomProvider.tsx'
import { PromptPanel } from '../session/PromptPanel.tsx'
import { SimulatePanel } from '../sim/SimulatePanel.tsx'
import { ExportMenu } from './ExportMenu.tsx'
import { ReplayCanvas } from './ReplayCanvas.tsx'
import { PrivateNotes, PrivateScores } from './ReplayPrivatePanels.tsx'
import { ReplayTimer } from './ReplayTimer.tsx'
import { ReplayTransport } from './ReplayTransport.tsx'
import { ReplayBoard } from './replayBoard.ts'
import { formatDateTime } from './replayFormat.ts'
import { VoicesPanel } from './SpeakerLanes.tsx'
import { useLinkedResource } from './useLinkedResource.ts'
import { useReplayPlayer } from './useReplayPlayer.ts'
import '../session/session.css'
import { useVoiceLanes, useVoicePlayback } from './useReplayVoices.ts'
import type { SpeakerLane } from './voiceLanes.ts'
import './replay.css'

/** `/replay/<id>#token=...`: a recorded session, played back. */
export function ReplayPage({ sessionId }: { sessionId: string }) {
  // The outline only: the board's bytes come as the playhead needs them.
  const state = useLinkedResource(sessionId, fetchRecordingOutline)
  if (state.kind === 'no-token') {
    return (
      <ProblemPage
        title="This replay link is incomplete"
        detail="The link has no access token. Copy the whole link, including the part after #."
      />
    )
  }
  if (state.kind === 'error') {
    return <ProblemPage title="This replay cannot be opened" detail={state.message} />
  }
  if (state.kind === 'loading') return <LoadingPage text="Loading the recording…" />
  const { token } = state
  return (
    <ReplayView
      sessionId={sessionId}
      token={token}
      outline={state.value}
      source={httpRecordingSource(sessionId, token)}
      fetchArchive={() => fetchArchiveZip(sessionId, token)}
      fetchReport={() => fetchReport(sessionId, token)}
      reportHref={reportLink('', sessionId, token)}
    />
  )
}

function ReplayView({
  sessionId,
  token,
  outline,
  source,
  fetchArchive,
  fetchReport,
  reportHref,
}: {
  sessionId: string
  token: string
  outline: RecordingOutline
  source: RecordingSource
  fetchArchive(): Promise<Blob>
  /** The report as the server builds it (guides named by their titles). */
  fetchReport(): Promise<Report>
  /** The printable report of this recording, under the same link. */
  reportHref: string
}) {
  const recording = outline
  const index = useMemo(() => ReplayIndex.fromOutline(outline), [outline])
  const timeline = useMemo(() => SessionTimeline.fromOutline(outline), [outline])
  // The voices (a link made with them): their speech counts as activity, never skipped.
  const voices = useVoiceLanes(sessionId, token)
  const lanes = voices.kind === 'ready' ? voices.lanes : NO_LANES
  const marks = voices.kind === 'ready' ? voices.marks : NO_MARKS
  const player = useReplayPlayer(timeline, undefined, marks)
  const playback = useVoicePlayback(sessionId, token, lanes, marks, player)
  const [board] = useState(() => new ReplayBoard(index, source))
  const [doc, setDoc] = useState(() => board.doc)
  const [loadError, setLoadError] = useState<string | null>(null)
  const tRef = useRef(player.t)
  tRef.current = player.t

  // The board lives as long as the page (no destroy on cleanup: StrictMode remounts reuse it).
  useEffect(() => board.onDocReplaced(setDoc), [board])
  const [showCursors, setShowCursors] = useState(true)
  useEffect(() => {
    board.showCursors(showCursors ? timeline.cursorsAt(player.t) : [])
  }, [board, timeline, player.t, showCursors])
  useEffect(() => {
    board.showAt(player.t).then(
      () => setLoadError(null),
      (error: unknown) =>
        setLoadError(`Part of the recording could not be loaded: ${(error as Error).message}`),
    )
  }, [board, player.t])

  const playerRef = useRef(player)
  playerRef.current = player
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null
      if (event.key !== ' ' || target?.closest('input, textarea, select, button, .tl-container')) return
      event.preventDefault()
      if (playerRef.current.playing) playerRef.current.pause()
      else playerRef.current.play()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const moment = timeline.momentAt(player.t)
  const rounds = recording.private?.rounds ?? []
  const onEditor = useCallback(
    async (editor: Editor) => {
      // Frame the drawing as it ends, so the camera holds still while the replay draws it.
      try {
        await board.showAt(timeline.end)
        frameDrawing(editor)
      } finally {
        await board.showAt(tRef.current)
      }
    },
    [board, timeline],
  )
  const jumps = useMemo(() => timeline.phaseJumps(), [timeline])
  const manyRounds = jumps.some((j) => j.round > 1)

  return (
    <RoomProvider setup={{ doc, readOnly: true, userName: 'Replay' }}>
      <div className="board-page session-page replay-page" data-testid="replay">
        <header className="topbar">
          <a className="brand" href="/">
            Roofline
          </a>
          <span className="role-badge replay-badge">Replay</span>
          <ReplayTimer timer={moment.timer} at={player.t} />
          <span className="replay-meta">
            {recording.session.names.host} · {recording.session.names.guest} ·{' '}
            {formatDateTime(recording.session.createdAt)}
          </span>
          <span className="spacer" />
          <a className="button secondary" href={reportHref} target="_blank" rel="noopener">
            Report
          </a>
          <ExportMenu outline={outline} fetchArchive={fetchArchive} fetchReport={fetchReport} at={player.t} />
          <a className="button secondary" href="/library">
            Library
          </a>
        </header>
        <div className="session-body">
          <main className="board-canvas">
            <ReplayCanvas store={board.store} onEditor={onEditor} />
            {loadError && (
              <p className="error replay-load-error" role="alert">
                {loadError}
              </p>
            )}
            {timeline.hasCursors ? (
              <label className="replay-note replay-cursors">
                <input
                  type="checkbox"
                  checked={showCursors}
                  onChange={(event) => setShowCursors(event.target.checked)}
                  data-testid="replay-show-cursors"
                />{' '}
                Show the participants' cursors
              </label>
            ) : (
              <p className="replay-note">This recording has no cursors: the replay shows the board only.</p>
            )}
          </main>
          <aside className="side-panel" aria-label="Replay panel">
            <section className="panel-section" aria-label="Phases">
              <h3>Jump to a phase</h3>
              {jumps.length === 0 ? (
                <p className="panel-hint">The timer was never started.</p>
              ) : (
                <div className="phase-jumps">
                  {jumps.map((j) => (
                    <button
                      key={`${j.round}-${j.phaseIndex}`}
                      type="button"
                      className={`phase-jump phase-${j.phaseIndex % 4}`}
                      data-testid={`jump-phase-${j.round}-${j.phaseIndex}`}
                      onClick={() => player.seek(j.at)}
                    >
                      {manyRounds ? `R${j.round} · ` : ''}
                      {j.phaseIndex + 1}. {j.title}
                    </button>
                  ))}
                </div>
              )}
            </section>
            <MemoPrompt
              title={moment.template.title}
              prompt={moment.template.prompt}
              revealed={moment.revealed}
            />
            {recording.private && <PrivateNotes rounds={rounds} at={player.t} onSeek={player.seek} />}
            {recording.private && <PrivateScores rounds={rounds} />}
            <MemoCalculator />
            <MemoSimulation cards={[]} />
            {lanes.length > 0 && <VoicesPanel lanes={lanes} playback={playback} speed={player.speed} />}
            {voices.kind === 'error' && <p className="error replay-load-error">{voices.message}</p>}
          </aside>
        </div>
        <ReplayTransport player={player} timeline={timeline} lanes={lanes} />
      </div>
    </RoomProvider>
  )
}

const NO_LANES: SpeakerLane[] = []
const NO_MARKS: number[] = []

const MemoPrompt = memo(PromptPanel)
const MemoCalculator = memo(CalculatorPanel)
const MemoSimulation = memo(SimulatePanel)
