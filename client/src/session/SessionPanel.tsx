import type { PrivateState, SessionState } from '@roofline/shared'
import { useEffect, useRef } from 'react'
import { setPanelOpen } from '../boardTools/panelLayout.ts'
import { layoutShortcuts, useAltShortcut } from '../boardTools/shortcuts.ts'
import { CalculatorPanel } from '../calc/CalculatorPanel.tsx'
import type { ControlConnection } from '../net/controlConnection.ts'
import { useRoom } from '../room/RoomProvider.tsx'
import { runnableCards } from '../sim/runnableCards.ts'
import { SimulatePanel } from '../sim/SimulatePanel.tsx'
import { useSimDoc } from '../sim/useSimDoc.ts'
import { HiddenMaterial, LinksPanel, NoteComposer, NotesList, Scorecard } from './InterviewerPanel.tsx'
import { type PanelTab, PanelTabs, useRememberedTab } from './PanelTabs.tsx'
import { PromptPanel } from './PromptPanel.tsx'
import type { RevealedCardText } from './revealedCards.ts'
import { SessionActions } from './SessionActions.tsx'
import { TimerControls } from './TimerControls.tsx'
import './session.css'
import './sessionPanel.css'

/** The panel's tabs: everyone's, then the interviewer's own. */
type TabId = 'prompt' | 'answers' | 'calculators' | 'simulate' | 'scorecard' | 'notes'

/**
 * The session's side panel as tabs that each fit one screen: the prompt with what has been
 * revealed, and the calculators, for everyone; the interviewer also gets the hidden answers and
 * cards (with reveal), the scorecard and the notes, and keeps the timer and session controls
 * above the tabs and the note box below them, whatever tab is open. The open tab is remembered
 * per role in this browser; a calculator card opened from the board brings up the calculators.
 */
export function SessionPanel({
  sessionId,
  state,
  privateState,
  control,
  onRevealed,
}: {
  sessionId: string
  state: SessionState
  privateState: PrivateState | null
  control: ControlConnection
  onRevealed(card: RevealedCardText): void
}) {
  const { onOpenCardInPanel, doc } = useRoom()
  const role = state.you.role
  const material = role === 'interviewer' ? privateState : null
  const ended = state.endedAt !== null
  const noteRef = useRef<HTMLTextAreaElement>(null)
  const runnable = runnableCards(material)
  const simulated = useSimDoc(doc).run !== null

  const calculators = <CalculatorPanel />
  const tabs: Array<PanelTab<TabId>> = [
    {
      id: 'prompt',
      label: 'Prompt',
      content: <PromptPanel title={state.title} prompt={state.prompt} revealed={state.revealed} />,
    },
    ...(material
      ? [
          {
            id: 'answers' as const,
            label: 'Answers',
            content: <HiddenMaterial material={material} control={control} onRevealed={onRevealed} />,
          },
        ]
      : []),
    { id: 'calculators', label: 'Calc', title: 'Calculators', content: calculators },
    // The Sim tab comes once there is something to run (a revealed stress card that carries a
    // perturbation: the interviewer's) or to see (a run in the room).
    ...(runnable.length > 0 || simulated
      ? [
          {
            id: 'simulate' as const,
            label: 'Sim',
            title: 'Simulate the design under a stress card',
            content: <SimulatePanel cards={runnable} />,
          },
        ]
      : []),
    ...(material
      ? [
          {
            id: 'scorecard' as const,
            label: 'Score',
            title: 'Scorecard',
            content: <Scorecard key={`score-${material.round}`} material={material} control={control} />,
          },
          {
            id: 'notes' as const,
            label: `Notes${material.notes.length > 0 ? ` (${material.notes.length})` : ''}`,
            content: (
              <>
                <NotesList material={material} />
                <LinksPanel
                  sessionId={sessionId}
                  control={control}
                  seats={[
                    { seat: state.you.seat === 'host' ? 'guest' : 'host', label: 'Candidate' },
                    { seat: 'observer', label: 'Observer' },
                  ]}
                />
              </>
            ),
          },
        ]
      : []),
  ]
  const [active, setActive] = useRememberedTab<TabId>(
    `roofline.panel.tab.${role}`,
    tabs.map((tab) => tab.id),
  )

  // A calculator card opened from the board shows in the calculators tab.
  useEffect(
    () =>
      onOpenCardInPanel(() => {
        setPanelOpen('sidePanel', true)
        setActive('calculators')
      }),
    [onOpenCardInPanel, setActive],
  )
  // The note box from anywhere: the panel opens if it was closed.
  useAltShortcut(
    layoutShortcuts.note.code,
    () => {
      setPanelOpen('sidePanel', true)
      requestAnimationFrame(() => noteRef.current?.focus())
    },
    Boolean(material),
  )

  return (
    <>
      {role === 'interviewer' && !ended && (
        <section className="panel-section controls" aria-label="Session controls">
          <TimerControls timer={state.timer} send={control.send} />
          <SessionActions state={state} control={control} />
        </section>
      )}
      <PanelTabs label="Session panel" tabs={tabs} active={active} onActivate={setActive} />
      {material && (
        <NoteComposer
          control={control}
          inputRef={noteRef}
          shortcut={layoutShortcuts.note.label}
          count={material.notes.length}
        />
      )}
    </>
  )
}
