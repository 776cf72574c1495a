import { readLinkMeta } from '@roofline/shared/shapes'
import { useEditor, useValue } from 'tldraw'
import './invalidLinkMarks.css'

/** Room around a marked arrow, in page units. */
const PAD = 10

/**
 * Marks every link arrow whose meta fails the link schema (an unknown link type, a bad count)
 * on the board itself: a red dashed outline and the reason, as invalid kit shapes show theirs.
 * The arrow is tldraw's own shape, so the mark is drawn beside it rather than by it; nothing is
 * written to the document, so each browser marks what it reads and the export stays clean.
 */
export function InvalidLinkMarks() {
  const editor = useEditor()
  const marks = useValue(
    'invalid links',
    () =>
      editor.getCurrentPageShapes().flatMap((shape) => {
        if (shape.type !== 'arrow') return []
        const reading = readLinkMeta(shape.meta)
        const bounds = reading.kind === 'invalid' ? editor.getShapePageBounds(shape.id) : undefined
        if (reading.kind !== 'invalid' || !bounds) return []
        return [{ id: shape.id, bounds, issue: reading.issues[0] ?? 'invalid link' }]
      }),
    [editor],
  )
  return (
    <>
      {marks.map(({ id, bounds, issue }) => (
        <div
          key={id}
          className="kit-link-invalid"
          data-testid="link-invalid"
          data-shape-id={id}
          title={issue}
          style={{
            transform: `translate(${bounds.x - PAD}px, ${bounds.y - PAD}px)`,
            width: bounds.w + 2 * PAD,
            height: bounds.h + 2 * PAD,
          }}
        >
          <span className="kit-link-invalid__issue">Invalid · {issue}</span>
        </div>
      ))}
    </>
  )
}
