import {
  type CardFace,
  checkProps,
  kitShapeSpec,
  type PartCategory,
  type ShapeSpec,
} from '@roofline/shared/shapes'
import { useEffect, useRef } from 'react'
import { type TLShapeId, useEditor, useIsEditing } from 'tldraw'
import { GpuChips } from './GpuChips.tsx'
import type { KitCardShape, KitShape } from './kitShapeTypes.ts'
import { PartIcon } from './PartIcon.tsx'
import './kit.css'
import './kitCard.css'

/** The palette group a kit shape belongs to, which colours it (its spec says, from its props). */
export function categoryOf(shape: { type: string; props: object }): PartCategory {
  return kitShapeSpec(shape.type)?.category(shape.props as Record<string, unknown>) ?? 'people'
}

/** A kit shape's icon id: its kind for shapes that come in kinds, else its type (both part ids). */
export function iconOf(shape: { type: string; props: object }): string {
  const kind = (shape.props as { kind?: unknown }).kind
  return typeof kind === 'string' ? kind : shape.type
}

/** What a card shows: its face from the spec when the props are valid, or what is wrong. */
export function cardContent(
  spec: ShapeSpec,
  props: unknown,
): { face: CardFace; issues: null } | { face: null; issues: string[] } {
  const check = checkProps(spec, props)
  if (!check.ok) return { face: null, issues: check.issues }
  return { face: spec.face?.(check.props) ?? { lines: [] }, issues: null }
}

/**
 * A shape's label, edited in place: double-click the shape (tldraw's editing state) and type;
 * Enter or Escape ends it. The inspector edits the same prop.
 */
export function KitLabel({
  shapeId,
  type,
  label,
}: {
  shapeId: TLShapeId
  type: KitShape['type']
  label: string
}) {
  const editor = useEditor()
  const isEditing = useIsEditing(shapeId)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (!isEditing) return
    // After the double-click that started editing has finished moving focus around.
    const frame = requestAnimationFrame(() => {
      input.current?.focus()
      input.current?.select()
    })
    return () => cancelAnimationFrame(frame)
  }, [isEditing])
  if (!isEditing) {
    return (
      <span className="kit-label" title={label}>
        {label || '\u00a0'}
      </span>
    )
  }
  return (
    <input
      ref={input}
      className="kit-label kit-label--editing"
      aria-label="Label"
      value={label}
      maxLength={120}
      onPointerDown={(event) => editor.markEventAsHandled(event)}
      onChange={(event) =>
        editor.updateShape({ id: shapeId, type, props: { label: event.currentTarget.value } })
      }
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === 'Escape') {
          editor.markEventAsHandled(event)
          editor.setEditingShape(null)
        }
      }}
    />
  )
}

/** Node blocks a cluster's rack draws at most (then "+n"). */
const MAX_NODES_DRAWN = 32

/**
 * The one look of every card shape in the kit: an icon tile tinted by category, the label,
 * the lines of its spec's face (and a tall card's figures and rack). An invalid shape keeps
 * its place and label but turns red and says why. `toSvg` draws the same face (kitSvg.tsx).
 */
export function KitCard({ spec, shape }: { spec: ShapeSpec; shape: KitCardShape }) {
  const { face, issues } = cardContent(spec, shape.props)
  const tall = Boolean(face?.figures || face?.rack)
  const tooltip = face?.lines.flatMap((line) => (line.more ? [line.more] : [])).join('\n')
  return (
    <div
      className={`kit-card kit-cat-${categoryOf(shape)}${issues ? ' kit-card--invalid' : ''}${tall ? ' kit-card--tall' : ''}`}
      data-kit-type={shape.type}
      data-invalid={issues ? 'true' : undefined}
      title={issues ? issues.join('\n') : tooltip || undefined}
    >
      <div className="kit-card__header">
        <div className="kit-card__icon">
          <PartIcon id={issues ? 'invalid' : iconOf(shape)} size={26} />
        </div>
        <div className="kit-card__text">
          <div className="kit-card__title">
            <KitLabel shapeId={shape.id} type={shape.type} label={shape.props.label} />
            {face?.badge && <span className="kit-badge">{face.badge}</span>}
          </div>
          {issues ? (
            <span className="kit-card__issue" data-testid="shape-invalid">
              Invalid · {issues[0]}
            </span>
          ) : (
            face.lines.map((line) => (
              <span key={line.text} className={line.strong ? 'kit-line kit-line--strong' : 'kit-line'}>
                {line.chips !== undefined && <GpuChips count={line.chips} />}
                {line.text}
              </span>
            ))
          )}
        </div>
      </div>
      {face && tall && <CardFooter face={face} />}
    </div>
  )
}

/** A tall card's figures as pills, and its rack of node blocks. */
function CardFooter({ face }: { face: CardFace }) {
  const nodes = face.rack ?? 0
  const drawn = Math.min(nodes, MAX_NODES_DRAWN)
  return (
    <div className="kit-card__footer">
      <div className="kit-pills">
        {face.figures?.map((figure) => (
          <span key={figure.text} className="kit-pill" data-testid={figure.testId}>
            {figure.text}
          </span>
        ))}
      </div>
      {face.rack !== undefined && (
        <div className="kit-rack" aria-hidden="true">
          {Array.from({ length: drawn }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: identical node blocks that never reorder.
            <span key={i} className="kit-rack__node" />
          ))}
          {nodes > drawn && <span className="kit-chips__more">+{nodes - drawn}</span>}
        </div>
      )}
    </div>
  )
}

/** Radius of a card's corners, shared by the card's CSS and its selection outline. */
export const CARD_RADIUS = 12

/** A rounded rectangle path for a kit shape's selection indicator. */
export function roundedIndicator(w: number, h: number, radius = CARD_RADIUS): Path2D {
  const path = new Path2D()
  path.roundRect(0, 0, Math.max(w, 0), Math.max(h, 0), Math.min(radius, w / 2, h / 2))
  return path
}
