/** What the end-to-end tests read from the page's tldraw editor (exposed as `window.__rooflineEditor`). */
interface RooflineTestEditor {
  getCurrentPageShapes(): Array<{
    id: string
    type: string
    x: number
    y: number
    props: Record<string, unknown>
  }>
}

interface Window {
  __rooflineEditor?: RooflineTestEditor
}
