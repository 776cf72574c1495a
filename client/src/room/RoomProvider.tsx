import type { CalcCardProps } from '@roofline/shared'
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { bindRoomToEditor } from './editorRoom.ts'
import { exposeEditorForTests } from './testHook.ts'

/** The answer of an action the server acknowledges. */
export interface RoomAck {
  ok: boolean
  error?: string
}

/** What a page knows of its room, given to `RoomProvider`. */
export interface RoomSetup {
  /** The room's Yjs document, which holds the board and the shared calculators (null until connected). */
  doc: Y.Doc | null
  /** Observers, everyone once a session has ended, and replays watch without changing anything. */
  readOnly: boolean
  /** The name printed on what this person pins. */
  userName: string
  /** The model preset chosen in the room's calculators ('' for none), which estimates start from. */
  sessionModel?: string
  /** A template's starter diagram (tldraw records); the palette then offers to load it. */
  starterDiagram?: readonly unknown[] | null
  /**
   * Whether this person may insert example diagrams. On a scratch board anyone may; in a
   * session the interviewer may, and the candidate only when the interviewer allows it.
   */
  examplesAllowed?: boolean
  /** "Bring everyone to my view": everyone else follows board user `boardUserId` (a session's interviewer only). */
  bringEveryone?: ((boardUserId: string) => Promise<RoomAck>) | null
}

/** Listens for a pinned card to open in the calculator panel. */
export type OpenCardListener = (card: CalcCardProps) => void

/** One page's room: its document, its board's editor, the calculators' shared state, and its actions. */
export interface Room extends Required<RoomSetup> {
  /** The board's tldraw editor, once mounted. */
  editor: Editor | null
  /** The canvas calls this when tldraw has mounted its editor. */
  attachEditor(editor: Editor): void
  /** Asks the calculator panel to show a pinned card's calculator with the card's inputs. */
  openCardInPanel(card: CalcCardProps): void
  /** The panels listen here for `openCardInPanel`; returns the function that stops listening. */
  onOpenCardInPanel(listener: OpenCardListener): () => void
}

const RoomContext = createContext<Room | null>(null)

/**
 * Gives everything under it (the board canvas, its shapes and panels, the side panel) the
 * page's room: one provider per page (`BoardPage`, `SessionPage`, `ReplayPage`), instead of
 * props, contexts and module-level buses wired one by one.
 */
export function RoomProvider({ setup, children }: { setup: RoomSetup; children: ReactNode }) {
  const [editor, setEditor] = useState<Editor | null>(null)
  const listeners = useRef(new Set<OpenCardListener>())
  const openCardInPanel = useCallback((card: CalcCardProps) => {
    for (const listener of listeners.current) listener(card)
  }, [])
  const onOpenCardInPanel = useCallback((listener: OpenCardListener) => {
    listeners.current.add(listener)
    return () => {
      listeners.current.delete(listener)
    }
  }, [])
  const attachEditor = useCallback(
    (mounted: Editor) => {
      exposeEditorForTests(mounted)
      // Shapes reach their room through their editor (a ShapeUtil's handlers are not React).
      bindRoomToEditor(mounted, { openCardInPanel })
      setEditor(mounted)
    },
    [openCardInPanel],
  )
  const fields = useShallowStable({
    doc: setup.doc,
    readOnly: setup.readOnly,
    userName: setup.userName,
    sessionModel: setup.sessionModel ?? '',
    starterDiagram: setup.starterDiagram ?? null,
    examplesAllowed: setup.examplesAllowed ?? true,
    bringEveryone: setup.bringEveryone ?? null,
    editor,
  })
  // A new value only when a field changed: every panel and shape under it reads this context.
  const room = useMemo<Room>(
    () => ({ ...fields, attachEditor, openCardInPanel, onOpenCardInPanel }),
    [fields, attachEditor, openCardInPanel, onOpenCardInPanel],
  )
  return <RoomContext.Provider value={room}>{children}</RoomContext.Provider>
}

/** `value`, or the previous one while each of its fields is the same (`Object.is`). */
function useShallowStable<T extends object>(value: T): T {
  const kept = useRef(value)
  const before = kept.current as Record<string, unknown>
  const now = value as Record<string, unknown>
  const same =
    Object.keys(now).length === Object.keys(before).length &&
    Object.keys(now).every((key) => Object.is(now[key], before[key]))
  if (!same) kept.current = value
  return kept.current
}

/** The page's room; throws outside a `RoomProvider` (a component placed where no room is). */
export function useRoom(): Room {
  const room = useContext(RoomContext)
  if (!room)
    throw new Error('useRoom() needs a RoomProvider above it (BoardPage, SessionPage or ReplayPage).')
  return room
}
