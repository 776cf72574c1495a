import { useCallback, useEffect, useState } from 'react'
import {
  computed,
  type Signal,
  type TLComponents,
  type TLUserPreferences,
  Tldraw,
  useTldrawCurrentUser,
} from 'tldraw'
import 'tldraw/tldraw.css'
import { saveLocalUser } from '../identity.ts'
import { IdleAwareAvatar } from '../presence/roomPresence.tsx'
import { useRoom } from '../room/RoomProvider.tsx'
import { kitUiComponents } from '../shapes/KitPanels.tsx'
import { registerLinkArrows } from '../shapes/linkArrows.ts'
import { SpeakingCursor } from '../voice/SpeakingCursor.tsx'
import { editorShapeUtils } from './customShapes.ts'
import { fitOverrides } from './fitOverrides.ts'
import { frameDrawing } from './frameDrawing.ts'
import { LicenceNotice, useLicenceProblem } from './LicenceNotice.tsx'
import { loadFontsWhenUsed, tldrawAssetUrls, tldrawLicenseKey, tldrawOptions } from './tldrawAssets.ts'
import type { BoardState } from './useBoardStore.ts'
import type { BoardUser } from './yjsStoreBinding.ts'

/**
 * The kit's tldraw slots, avatars that show idle people as idle instead of hiding them, and
 * cursors that ring while their person speaks (in a session's voice room).
 */
const boardUiComponents: TLComponents = {
  ...kitUiComponents,
  PeopleMenuAvatar: IdleAwareAvatar,
  CollaboratorCursor: SpeakingCursor,
}

/** What every Roofline editor (a board's, a replay's) gives tldraw: the shapes, self-hosted assets, licence and options. */
export const editorTldrawProps = {
  shapeUtils: editorShapeUtils,
  assetUrls: tldrawAssetUrls,
  licenseKey: tldrawLicenseKey,
  options: tldrawOptions,
} as const

/** Props of the board canvas. */
export interface BoardCanvasProps {
  board: BoardState
  user: Signal<BoardUser> & { set(value: BoardUser): void }
}

/**
 * The tldraw canvas bound to a room, with self-hosted assets and the local user's name and
 * colour. Read-only or not, and what its shapes and panels need, come from the page's room
 * (`useRoom`); the mounted editor goes back to the room.
 */
export function BoardCanvas({ board, user: userSignal }: BoardCanvasProps) {
  const { readOnly, editor, attachEditor } = useRoom()
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
    <Tldraw
      store={board.storeWithStatus}
      {...editorTldrawProps}
      user={tldrawUser}
      components={boardUiComponents}
      overrides={fitOverrides}
      onMount={(mounted) => {
        loadFontsWhenUsed(mounted)
        // A board opened with a drawing on it (a shared link) opens on the drawing.
        frameDrawing(mounted)
        mounted.updateInstanceState({ isReadonly: readOnly })
        attachEditor(mounted)
        return registerLinkArrows(mounted)
      }}
    />
  )
}
