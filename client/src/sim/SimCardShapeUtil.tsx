import { type SimCardProps, simCardMigrations, simCardPropsSchema, simCardShapeType } from '@roofline/shared'
import {
  BaseBoxShapeUtil,
  createShapePropsMigrationSequence,
  HTMLContainer,
  type RecordProps,
  type TLShape,
} from 'tldraw'
import { SimCardSvg } from './SimCardSvg.tsx'

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    'sim-card': SimCardProps
  }
}

/** A simulation run pinned to the board. */
export type SimCardShape = TLShape<'sim-card'>

/** tldraw validators from the shared zod schema, one per prop (the server's readers use the same). */
const simCardProps = Object.fromEntries(
  Object.entries(simCardPropsSchema.shape).map(([name, schema]) => [
    name,
    { validate: (value: unknown) => schema.parse(value) },
  ]),
) as unknown as RecordProps<SimCardShape>

const simCardMigrationSequence = createShapePropsMigrationSequence({
  sequence: simCardMigrations.map((step, index) => ({
    id: `com.tldraw.shape.${simCardShapeType}/${index + 1}` as const,
    up: step.up,
    ...(step.down ? { down: step.down } : {}),
  })),
})

/**
 * Renders, sizes and migrates sim-card shapes. The canvas draws the same SVG as the export, so
 * what is pinned, exported and replayed is one picture.
 */
export class SimCardShapeUtil extends BaseBoxShapeUtil<SimCardShape> {
  static override type = simCardShapeType
  static override props = simCardProps
  static override migrations = simCardMigrationSequence

  getDefaultProps(): SimCardProps {
    return {
      w: 640,
      h: 400,
      title: 'Simulation',
      subtitle: '',
      brokeFirst: '',
      figures: [],
      charts: [],
      pinnedBy: '',
    }
  }

  override canEdit(): boolean {
    return false
  }

  component(shape: SimCardShape) {
    const { w, h } = shape.props
    return (
      <HTMLContainer>
        <svg
          className="sim-card"
          data-testid="sim-card"
          width={w}
          height={h}
          viewBox={`0 0 ${w} ${h}`}
          role="img"
          aria-label={`Simulation: ${shape.props.title}`}
        >
          <SimCardSvg card={shape.props} />
        </svg>
      </HTMLContainer>
    )
  }

  override toSvg(shape: SimCardShape) {
    return <SimCardSvg card={shape.props} />
  }

  getIndicatorPath(shape: SimCardShape): Path2D {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 10)
    return path
  }
}
