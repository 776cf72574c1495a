import { type SimCardProps, simCardMigrations, simCardPropsSchema, simCardShapeType } from '@roofline/shared'
import { BaseBoxShapeUtil, HTMLContainer, type RecordProps, type TLShape } from 'tldraw'
import { migrationSequence, zodProps } from '../boardTools/tldrawProps.ts'
import { SimCardSvg } from './SimCardSvg.tsx'

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    'sim-card': SimCardProps
  }
}

/** A simulation run pinned to the board. */
export type SimCardShape = TLShape<'sim-card'>

/**
 * Renders, sizes and migrates sim-card shapes. The canvas draws the same SVG as the export, so
 * what is pinned, exported and replayed is one picture.
 */
export class SimCardShapeUtil extends BaseBoxShapeUtil<SimCardShape> {
  static override type = simCardShapeType
  static override props = zodProps(simCardPropsSchema) as unknown as RecordProps<SimCardShape>
  static override migrations = migrationSequence(simCardShapeType, simCardMigrations)

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
