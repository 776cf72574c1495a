import type { Editor } from 'tldraw'

declare global {
  interface Window {
    /**
     * TEST HOOK: the page's live tldraw editor, read by the end-to-end tests
     * (`tests/e2e/editorWindow.d.ts`) and handy from the console. Set in one place,
     * `exposeEditorForTests`, by the room provider; nothing in the app reads it.
     */
    __rooflineEditor?: Editor
  }
}

/** Exposes the page's editor as `window.__rooflineEditor` (the test hook above). */
export function exposeEditorForTests(editor: Editor): void {
  window.__rooflineEditor = editor
}
