import { useCallback, useEffect, useState } from 'react'
import {
  computed,
  type Editor,
  type Signal,
  type TLComponents,
  type TLUserPreferences,
  Tldraw,
  useTldrawCurrentUser,
} from 'tldraw'
import 'tldraw/tldraw.css'
import { saveLocalUser } from '../identity.ts'
import { kitUiComponents } from '../shapes/KitPanels.tsx'
import { registerLinkArrows } from '../shapes/linkArrows.ts'
import { SessionModelContext } from '../shapes/sessionModel.ts'
import { ExamplesAllowedContext, StarterDiagramContext } from '../shapes/starterContext.ts'
import { editorShapeUtils } from './customShapes.ts'
import { fitOverrides } from './fitOverrides.ts'
import { frameDrawing } from './frameDrawing.ts'
import { LicenceNotice, useLicenceProblem } from './LicenceNotice.tsx'
import { IdleAwareAvatar, RoomLeadContext } from './roomPresence.tsx'
import { loadFontsWhenUsed, tldrawAssetUrls, tldrawLicenseKey, tldrawOptions } from './tldrawAssets.ts'
import type { BoardState } from './useBoardStore.ts'
import type { BoardUser } from './yjsStoreBinding.ts'

declare global {
  interface Window {
    /** The live editor, for debugging from the console and for end-to-end tests. */
    __rooflineEditor?: Editor
  }
}

/** The kit's tldraw slots, and avatars that show idle people as idle instead of hiding them. */
const boardUiComponents: TLComponents = { ...kitUiComponents, PeopleMenuAvatar: IdleAwareAvatar }

/** Props of the board canvas. */
export interface BoardCanvasProps {
  board: BoardState
  user: Signal<BoardUser> & { set(value: BoardUser): void }
  /** Observers, and everyone once a session has ended, see the board but cannot change it. */
  readOnly?: boolean
  onEditor?(editor: Editor): void
  /** A template's starter diagram (tldraw records); the palette then offers to load it. */
  starterDiagram?: readonly unknown[]
  /** The session's model preset id, which the selection's estimates start from. */
  sessionModel?: string
  /** Whether the palette offers example diagrams (a scratch board: yes; see `ExamplesAllowedContext`). */
  examplesAllowed?: boolean
  /** "Bring everyone to my view" beside the people menu (a session's interviewer only). */
  bringEveryone?: (() => Promise<{ ok: boolean; error?: string }>) | undefined
}

/** The tldraw canvas bound to a room, with self-hosted assets and the local user's name and colour. */
export function BoardCanvas({
  board,
  user: userSignal,
  readOnly = false,
  onEditor,
  starterDiagram,
  sessionModel = '',
  examplesAllowed = true,
  bringEveryone,
}: BoardCanvasProps) {
  const [editor, setEditor] = useState<Editor | null>(null)
  // Stable references: a new preferences object on each render would make tldraw rebuild its editor.
  const [preferences] = useState(() =>
    computed<TLUserPreferences>('tldraw user', () => {
      const { id, name, color } = userSignal.get()
      return { id, name, color }
    }),
  )
  const setPreferences = useCallback(
    (next: TLUserPreferences) => {
      const current = userSignal.get()
      const user = { id: current.id, name: next.name ?? current.name, color: next.color ?? current.color }
      userSignal.set(user)
      saveLocalUser(user)
    },
    [userSignal],
  )
  const tldrawUser = useTldrawCurrentUser({
    userPreferences: preferences,
    setUserPreferences: setPreferences,
  })

  useEffect(() => {
    editor?.updateInstanceState({ isReadonly: readOnly })
  }, [editor, readOnly])
  const licenceProblem = useLicenceProblem()

  if (licenceProblem) return <LicenceNotice problem={licenceProblem} />
  if (board.storeWithStatus.status === 'error') {
    return (
      <div className="board-error" role="alert">
        <h2>This board cannot be shown</h2>
        <p>{board.storeWithStatus.error.message}</p>
      </div>
    )
  }
  return (
    <RoomLeadContext.Provider value={bringEveryone ?? null}>
      <StarterDiagramContext.Provider value={starterDiagram ?? null}>
        <ExamplesAllowedContext.Provider value={examplesAllowed}>
          <SessionModelContext.Provider value={sessionModel}>
            <Tldraw
              store={board.storeWithStatus}
              shapeUtils={editorShapeUtils}
              assetUrls={tldrawAssetUrls}
              licenseKey={tldrawLicenseKey}
              options={tldrawOptions}
              user={tldrawUser}
              components={boardUiComponents}
              overrides={fitOverrides}
              onMount={(mounted) => {
                loadFontsWhenUsed(mounted)
                // A board opened with a drawing on it (a shared link) opens on the drawing.
                frameDrawing(mounted)
                window.__rooflineEditor = mounted
                mounted.updateInstanceState({ isReadonly: readOnly })
                setEditor(mounted)
                onEditor?.(mounted)
                return registerLinkArrows(mounted)
              }}
            />
          </SessionModelContext.Provider>
        </ExamplesAllowedContext.Provider>
      </StarterDiagramContext.Provider>
    </RoomLeadContext.Provider>
  )
}
