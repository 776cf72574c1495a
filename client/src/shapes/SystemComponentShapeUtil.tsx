import { checkProps, componentKinds, systemComponentShape } from '@roofline/shared/shapes'
import type { RecordProps } from 'tldraw'
import { KitBoxShapeUtil } from './KitBoxShapeUtil.ts'
import { KitCard } from './KitCard.tsx'
import type { SystemComponentShape } from './kitShapeTypes.ts'
import { permissiveProps, tldrawMigrations } from './tldrawProps.ts'

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
}

function SystemComponentCard({ shape }: { shape: SystemComponentShape }) {
  const check = checkProps(systemComponentShape, shape.props)
  if (!check.ok) return <KitCard shape={shape} icon={shape.props.kind} issues={check.issues} />
  const { kind, label, detail } = check.props
  const kindName = componentKinds[kind as keyof typeof componentKinds].name
  // The kind is worth a line only when the label no longer says it.
  const subtitle = detail || (label.trim() === kindName ? '' : kindName)
  return (
    <KitCard shape={shape} icon={kind}>
      {subtitle && <span className="kit-line">{subtitle}</span>}
    </KitCard>
  )
}
