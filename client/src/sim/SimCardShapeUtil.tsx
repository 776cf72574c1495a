import { type SimCardProps, simCardMigrations, simCardPropsSchema, simCardShapeType } from '@roofline/shared'
import { HTMLContainer, type TLShape } from 'tldraw'
import { pinnedCardShapeUtil } from '../boardTools/pinnedCardShapeUtil.ts'
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
export class SimCardShapeUtil extends pinnedCardShapeUtil<SimCardShape>(
  simCardShapeType,
  simCardPropsSchema,
  simCardMigrations,
) {
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
}
