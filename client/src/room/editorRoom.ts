import type { CalcCardProps } from '@roofline/shared'
import type { Editor } from 'tldraw'

/** What a shape's handlers may ask of the room their editor belongs to. */
export interface EditorRoomActions {
  openCardInPanel(card: CalcCardProps): void
}

const rooms = new WeakMap<Editor, EditorRoomActions>()

/** Called by `RoomProvider` when its board's editor mounts. */
export function bindRoomToEditor(editor: Editor, actions: EditorRoomActions): void {
  rooms.set(editor, actions)
}

/**
 * The room of `editor`, for a ShapeUtil's handlers (`onDoubleClick` and the like run outside
 * React, so they cannot read the room's context); undefined for an editor no room mounted.
 */
export function roomOfEditor(editor: Editor): EditorRoomActions | undefined {
  return rooms.get(editor)
}
