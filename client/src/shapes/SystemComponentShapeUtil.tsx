import {
  checkProps,
  componentKinds,
  type SystemComponentProps,
  systemComponentShape,
} from '@roofline/shared/shapes'
import type { RecordProps } from 'tldraw'
import { KitBoxShapeUtil } from './KitBoxShapeUtil.ts'
import { categoryOf, KitCard } from './KitCard.tsx'
import type { SystemComponentShape } from './kitShapeTypes.ts'
import { KitCardSvg } from './kitSvg.tsx'
import { permissiveProps, tldrawMigrations } from './tldrawProps.ts'
import './kit.css'

/**
 * The generic component: one ShapeUtil for every part that is an icon, a label and a line of
 * detail (load balancer, router, tokenizer, vector database, queue, users, ...), by `kind`.
 */
export class SystemComponentShapeUtil extends KitBoxShapeUtil<SystemComponentShape> {
  static override type = 'system-component' as const
  static override props = permissiveProps(systemComponentShape) as RecordProps<SystemComponentShape>
  static override migrations = tldrawMigrations(systemComponentShape)

  override getDefaultProps(): SystemComponentShape['props'] {
    return systemComponentShape.defaults()
  }

  override component(shape: SystemComponentShape) {
    return <SystemComponentCard shape={shape} />
  }

  override toSvg(shape: SystemComponentShape) {
    const check = checkProps(systemComponentShape, shape.props)
    const svg = { ...shape.props, category: categoryOf(shape), icon: shape.props.kind }
    if (!check.ok) return <KitCardSvg {...svg} lines={[]} issue={check.issues[0]} />
    const subtitle = subtitleOf(check.props)
    return <KitCardSvg {...svg} lines={subtitle ? [{ text: subtitle }] : []} />
  }
}

/** The line under the label: the detail, or the kind when the label no longer says it. */
function subtitleOf({ kind, label, detail }: SystemComponentProps): string {
  const kindName = componentKinds[kind as keyof typeof componentKinds].name
  return detail || (label.trim() === kindName ? '' : kindName)
}

function SystemComponentCard({ shape }: { shape: SystemComponentShape }) {
  const check = checkProps(systemComponentShape, shape.props)
  if (!check.ok) return <KitCard shape={shape} icon={shape.props.kind} issues={check.issues} />
  const subtitle = subtitleOf(check.props)
  return (
    <KitCard shape={shape} icon={check.props.kind}>
      {subtitle && <span className="kit-line">{subtitle}</span>}
    </KitCard>
  )
}
