import { memo } from 'react'
import { type Editor, type TLStore, Tldraw } from 'tldraw'
import { editorTldrawProps } from '../board/BoardCanvas.tsx'
import { LicenceNotice, useLicenceProblem } from '../board/LicenceNotice.tsx'
import { loadFontsWhenUsed } from '../board/tldrawAssets.ts'
import { useRoom } from '../room/RoomProvider.tsx'

/** The read-only tldraw canvas of the replay; rendered once, fed through its store. */
export const ReplayCanvas = memo(function ReplayCanvas({
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
