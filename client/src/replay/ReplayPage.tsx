import { formatClock, type TimerState, timerView } from '@roofline/shared'
import {
  type PrivateRound,
  type RecordingOutline,
  type RecordingSource,
  ReplayIndex,
  type Report,
  reportLink,
  SessionTimeline,
} from '@roofline/shared/replay'
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { type Editor, type TLStore, Tldraw } from 'tldraw'
import 'tldraw/tldraw.css'
import { editorTldrawProps } from '../board/BoardCanvas.tsx'
import { frameDrawing } from '../board/frameDrawing.ts'
import { LicenceNotice, useLicenceProblem } from '../board/LicenceNotice.tsx'
import { loadFontsWhenUsed } from '../board/tldrawAssets.ts'
import { CalculatorPanel } from '../calc/CalculatorPanel.tsx'
import { fetchArchiveZip, fetchRecordingOutline, fetchReport, httpRecordingSource } from '../net/api.ts'
import { LoadingPage, ProblemPage } from '../ProblemPage.tsx'
import { RoomProvider, useRoom } from '../room/RoomProvider.tsx'
import { PromptPanel } from '../session/PromptPanel.tsx'
import { TimerPhase } from '../session/TimerPhase.tsx'
import { exportArchive, exportBoardImage, exportReport } from '../sharing/replayExports.ts'
import { SimulatePanel } from '../sim/SimulatePanel.tsx'
import { usePopoverDetails } from '../usePopoverDetails.ts'
import { ReplayBoard } from './replayBoard.ts'
import { formatDateTime, formatElapsed } from './replayFormat.ts'
import { Scrubber } from './Scrubber.tsx'
import { SpeakerLanes, VoicesPanel } from './SpeakerLanes.tsx'
import { useLinkedResource } from './useLinkedResource.ts'
import { type ReplayPlayer, replaySpeeds, useReplayPlayer } from './useReplayPlayer.ts'
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
        <Transport player={player} timeline={timeline} lanes={lanes} />
      </div>
    </RoomProvider>
  )
}

const NO_LANES: SpeakerLane[] = []
const NO_MARKS: number[] = []

const MemoPrompt = memo(PromptPanel)
const MemoCalculator = memo(CalculatorPanel)
const MemoSimulation = memo(SimulatePanel)

/** The read-only tldraw canvas of the replay; rendered once, fed through its store. */
const ReplayCanvas = memo(function ReplayCanvas({
  store,
  onEditor,
}: {
  store: TLStore
  onEditor(editor: Editor): Promise<void>
}) {
  const { attachEditor } = useRoom()
  const licenceProblem = useLicenceProblem()
  if (licenceProblem) return <LicenceNotice problem={licenceProblem} />
  return (
    <Tldraw
      store={store}
      {...editorTldrawProps}
      onMount={(editor) => {
        loadFontsWhenUsed(editor)
        editor.updateInstanceState({ isReadonly: true })
        attachEditor(editor)
        void onEditor(editor)
      }}
    />
  )
})

/** The phase timer as it stood at the playhead. */
function ReplayTimer({ timer, at }: { timer: TimerState; at: number }) {
  const view = timerView(timer, at)
  const overtime = view.overtimeMs > 0
  return (
    <div
      className={`timer ${overtime ? 'timer-overtime' : ''} timer-${view.status}`}
      data-testid="replay-timer"
      data-phase-index={view.phaseIndex}
      data-status={view.status}
    >
      <TimerPhase view={view} />
      <div className="timer-clocks">
        <span className="timer-main">
          {overtime ? `+${formatClock(view.overtimeMs, 'down')}` : formatClock(view.phaseLeftMs)}
        </span>
        <span className="timer-overall">{formatClock(view.overallLeftMs)} left</span>
      </div>
    </div>
  )
}

/** Play, pause, speed, idle skipping, the time and the scrubber. */
function Transport({
  player,
  timeline,
  lanes,
}: {
  player: ReplayPlayer
  timeline: SessionTimeline
  lanes: readonly SpeakerLane[]
}) {
  return (
    <section className="replay-transport" aria-label="Playback">
      <button
        type="button"
        className="button primary replay-play"
        onClick={player.playing ? player.pause : player.play}
        data-testid="replay-play"
      >
        {player.playing ? 'Pause' : 'Play'}
      </button>
      <span className="replay-time" data-testid="replay-time">
        {formatElapsed(player.t - timeline.start)} / {formatElapsed(timeline.end - timeline.start)}
      </span>
      <span className="replay-speed">
        <label htmlFor="replay-speed">Speed</label>
        <select
          id="replay-speed"
          value={player.speed}
          onChange={(event) => player.setSpeed(Number(event.target.value) as ReplayPlayer['speed'])}
          data-testid="replay-speed"
        >
          {replaySpeeds.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </span>
      <label className="replay-skip" title="Stretches over 5 s without any activity (or speech) play in 1 s">
        <input
          type="checkbox"
          checked={player.skipIdle}
          onChange={(event) => player.setSkipIdle(event.target.checked)}
        />{' '}
        Skip idle gaps
      </label>
      <Scrubber
        start={timeline.start}
        end={timeline.end}
        t={player.t}
        segments={timeline.segments}
        markers={timeline.markers}
        onSeek={player.seek}
      >
        {lanes.length > 0 && (
          <SpeakerLanes
            start={timeline.start}
            end={timeline.end}
            t={player.t}
            lanes={lanes}
            onSeek={player.seek}
          />
        )}
      </Scrubber>
    </section>
  )
}

/** The interviewer's notes with their session-clock stamps; a click jumps to the moment. */
function PrivateNotes({
  rounds,
  at,
  onSeek,
}: {
  rounds: PrivateRound[]
  at: number
  onSeek(t: number): void
}) {
  const notes = rounds.flatMap((round) => round.notes)
  return (
    <section className="panel-section" aria-label="Notes">
      <h3>Interviewer notes</h3>
      {notes.length === 0 && <p className="panel-hint">No notes.</p>}
      <ol className="notes replay-notes">
        {notes.map((note) => (
          <li key={note.id} className={note.at <= at ? 'past' : ''}>
            <button type="button" onClick={() => onSeek(note.at)} data-testid="replay-note">
              <span className="note-time">{formatClock(note.sessionClockMs, 'down')}</span> {note.text}
            </button>
          </li>
        ))}
      </ol>
    </section>
  )
}

/** The scorecard as the interviewer left it. */
function PrivateScores({ rounds }: { rounds: PrivateRound[] }) {
  return (
    <section className="panel-section" aria-label="Scorecard">
      <h3>Scorecard</h3>
      {rounds.map((round) => (
        <div key={round.round}>
          {rounds.length > 1 && <h4>Round {round.round}</h4>}
          <table className="replay-scores">
            <tbody>
              {round.rubric.map((item) => (
                <tr key={item.id}>
                  <th scope="row">{item.title}</th>
                  <td className="replay-score">{round.scores[item.id]?.score ?? '–'}</td>
                  <td>{round.scores[item.id]?.comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  )
}

/** Downloads: the archive, the board now as PNG or SVG, the Markdown report (the printable one is the header's Report). */
function ExportMenu({
  outline,
  fetchArchive,
  fetchReport,
  at,
}: {
  outline: RecordingOutline
  fetchArchive(): Promise<Blob>
  fetchReport(): Promise<Report>
  at: number
}) {
  const { editor } = useRoom()
  const menu = usePopoverDetails()
  const [message, setMessage] = useState<string | null>(null)
  // The archive is the whole recording: fetched only when asked for, which takes a moment.
  const [preparing, setPreparing] = useState(false)
  const image = async (format: 'png' | 'svg') => {
    if (!editor) return
    try {
      const done = await exportBoardImage(editor, outline, format, at)
      setMessage(done ? null : 'The board is empty at this moment.')
    } catch (error) {
      setMessage(`Could not export the board: ${(error as Error).message}`)
    }
  }
  /** Fetches what the file is made of (the whole recording, or the report), then writes it. */
  const fetchThenWrite = async <T,>(what: string, fetch: () => Promise<T>, write: (value: T) => void) => {
    setMessage(null)
    setPreparing(true)
    try {
      write(await fetch())
    } catch (error) {
      setMessage(`Could not export the ${what}: ${(error as Error).message}`)
    } finally {
      setPreparing(false)
    }
  }
  const archive = () => fetchThenWrite('archive', fetchArchive, (zip) => exportArchive(outline, zip))
  // The server's report names the guides by their titles (the recording keeps file names).
  const report = () => fetchThenWrite('report', fetchReport, (built) => exportReport(built, 'markdown'))
  return (
    <details className="export-menu" ref={menu}>
      <summary className="button secondary">Export</summary>
      <div className="export-items" role="menu">
        <button type="button" role="menuitem" onClick={() => void archive()} disabled={preparing}>
          {preparing ? 'Preparing the archive…' : 'Session archive (.zip)'}
        </button>
        <button type="button" role="menuitem" onClick={() => void image('png')}>
          Board now as PNG
        </button>
        <button type="button" role="menuitem" onClick={() => void image('svg')}>
          Board now as SVG
        </button>
        <button type="button" role="menuitem" onClick={() => void report()} disabled={preparing}>
          Report (Markdown)
        </button>
        {message && <p className="error">{message}</p>}
      </div>
    </details>
  )
}
