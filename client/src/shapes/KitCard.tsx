import { componentKinds, type PartCategory } from '@roofline/shared/shapes'
import { type ReactNode, useEffect, useRef } from 'react'
import { type TLShapeId, useEditor, useIsEditing } from 'tldraw'
import type { KitShape } from './kitShapeTypes.ts'
import { PartIcon } from './PartIcon.tsx'
import './kit.css'

/** The palette group a kit shape belongs to, which colours it. */
export function categoryOf(shape: KitShape): PartCategory {
  switch (shape.type) {
    case 'gpu-node':
    case 'gpu-cluster':
      return 'compute'
    case 'model-server':
      return 'serving'
    case 'boundary':
      return shape.props.kind === 'prefill-pool' || shape.props.kind === 'decode-pool' ? 'serving' : 'network'
    case 'system-component':
      return componentKinds[shape.props.kind as keyof typeof componentKinds]?.category ?? 'people'
  }
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

/** Props of a kit card. */
export interface KitCardProps {
  shape: KitShape
  /** Icon id (a part id). */
  icon: string
  /** Lines under the label. */
  children?: ReactNode
  /** What the strict schema found wrong, if anything: the card then says so. */
  issues?: readonly string[] | null
  /** A badge at the right of the label row, e.g. the engine. */
  badge?: ReactNode
  /** Content below the header row, across the card's full width. */
  footer?: ReactNode
  className?: string
  /** More detail on hover. */
  tooltip?: string
}

/**
 * The one look of every box in the kit: an icon tile tinted by category, the label, a line or
 * two of figures. An invalid shape keeps its place and label but turns red and says why.
 */
export function KitCard({ shape, icon, children, issues, badge, footer, className, tooltip }: KitCardProps) {
  const invalid = Boolean(issues && issues.length > 0)
  return (
    <div
      className={`kit-card kit-cat-${categoryOf(shape)}${invalid ? ' kit-card--invalid' : ''}${className ? ` ${className}` : ''}`}
      data-kit-type={shape.type}
      data-invalid={invalid ? 'true' : undefined}
      title={invalid ? (issues ?? []).join('\n') : tooltip}
    >
      <div className="kit-card__header">
        <div className="kit-card__icon">
          <PartIcon id={invalid ? 'invalid' : icon} size={26} />
        </div>
        <div className="kit-card__text">
          <div className="kit-card__title">
            <KitLabel shapeId={shape.id} type={shape.type} label={shape.props.label} />
            {badge && !invalid && <span className="kit-badge">{badge}</span>}
          </div>
          {invalid ? (
            <span className="kit-card__issue" data-testid="shape-invalid">
              Invalid · {issues?.[0]}
            </span>
          ) : (
            children
          )}
        </div>
      </div>
      {!invalid && footer}
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
