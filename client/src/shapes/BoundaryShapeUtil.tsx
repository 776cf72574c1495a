import { formatQuantity } from '@roofline/shared/calc'
import {
  aggregateHardware,
  type BoundaryKind,
  boundaryKinds,
  boundaryShape,
  checkProps,
} from '@roofline/shared/shapes'
import {
  BaseFrameLikeShapeUtil,
  type Editor,
  type Geometry2d,
  Group2d,
  HTMLContainer,
  type RecordProps,
  Rectangle2d,
  useEditor,
  useValue,
  Vec,
} from 'tldraw'
import { BOLD_ADVANCE, fitText, MUTED, Outline, SANS } from '../boardTools/svgText.tsx'
import { permissiveProps, tldrawMigrations } from '../boardTools/tldrawProps.ts'
import { categoryOf, KitLabel, roundedIndicator } from './KitCard.tsx'
import { kitFontFaces } from './kitFonts.ts'
import type { BoundaryShape } from './kitShapeTypes.ts'
import { categoryColours, INVALID } from './kitSvg.tsx'
import { PartIcon } from './PartIcon.tsx'
import './kit.css'
import './kitCard.css'
import './boundary.css'

/** Height of the boundary's heading band, which is where it is picked up and renamed. */
export const BOUNDARY_HEADER_HEIGHT = 40
const RADIUS = 16

/**
 * A region, availability zone, or prefill/decode pool: a container (tldraw frame-like: parts
 * dragged in become its children) with a heading that names it and sums the GPUs inside.
 */
export class BoundaryShapeUtil extends BaseFrameLikeShapeUtil<BoundaryShape> {
  static override type = 'boundary' as const
  static override props = permissiveProps(boundaryShape) as RecordProps<BoundaryShape>
  static override migrations = tldrawMigrations(boundaryShape)

  override getFontFaces() {
    return kitFontFaces
  }

  override getDefaultProps(): BoundaryShape['props'] {
    return boundaryShape.defaults()
  }

  override canEdit() {
    return true
  }

  // Like tldraw's frame: the outline and the heading are solid, the inside lets clicks through
  // to the parts within (and to brush selection).
  override getGeometry(shape: BoundaryShape): Geometry2d {
    const w = Math.max(shape.props.w, 1)
    const h = Math.max(shape.props.h, 1)
    return new Group2d({
      children: [
        new Rectangle2d({ width: w, height: h, isFilled: false }),
        new Rectangle2d({
          width: w,
          height: Math.min(BOUNDARY_HEADER_HEIGHT, h),
          isFilled: true,
          isLabel: true,
        }),
      ],
    })
  }

  override getClipPath(shape: BoundaryShape) {
    const { w, h } = shape.props
    return [new Vec(0, 0), new Vec(w, 0), new Vec(w, h), new Vec(0, h)]
  }

  override getIndicatorPath(shape: BoundaryShape) {
    return roundedIndicator(shape.props.w, shape.props.h, RADIUS)
  }

  override component(shape: BoundaryShape) {
    return <BoundaryView shape={shape} />
  }

  override toSvg(shape: BoundaryShape) {
    const check = checkProps(boundaryShape, shape.props)
    const kind = (check.ok ? check.props.kind : 'region') as BoundaryKind
    const { w, h, label } = shape.props
    const pool = kind === 'prefill-pool' || kind === 'decode-pool'
    const accent = check.ok ? boundaryAccent(kind) : INVALID.accent
    const kindName = label.trim() !== boundaryKinds[kind].name ? boundaryKinds[kind].name : ''
    const summary = check.ok
      ? [kindName.toUpperCase(), insideSummary(this.editor, shape)].filter(Boolean).join('  ')
      : `Invalid · ${check.issues[0]}`
    const header = Math.min(BOUNDARY_HEADER_HEIGHT, h)
    const labelText = fitText(label, w * 0.6, 15, BOLD_ADVANCE)
    // Placed as if wide-set: rasterisers' fonts run wider than the estimate, and the summary must clear it.
    const labelEnd = 42 + labelText.length * 15 * 0.66
    return (
      <g fontFamily={SANS}>
        <Outline
          w={w}
          h={h}
          rx={RADIUS}
          strokeWidth={pool ? 1.5 : 2}
          fill={accent}
          fillOpacity={pool ? 0.06 : 0.03}
          stroke={accent}
          strokeOpacity={pool ? 1 : 0.7}
          strokeDasharray={pool && check.ok ? undefined : '8 6'}
        />
        {pool && (
          <path
            d={`M1 ${header} V${RADIUS} a${RADIUS - 1} ${RADIUS - 1} 0 0 1 ${RADIUS - 1} ${-(RADIUS - 1)} H${w - RADIUS} a${RADIUS - 1} ${RADIUS - 1} 0 0 1 ${RADIUS - 1} ${RADIUS - 1} V${header} Z`}
            fill={accent}
            fillOpacity={0.11}
          />
        )}
        <g transform={`translate(14 ${header / 2 - 10})`} color={accent}>
          <PartIcon id={check.ok ? kind : 'invalid'} size={20} />
        </g>
        <text x={42} y={header / 2 + 5} fontSize={15} fontWeight={700} fill={accent}>
          {labelText}
        </text>
        <text
          x={w - 14}
          y={header / 2 + 4.5}
          fontSize={11.5}
          textAnchor="end"
          fill={check.ok ? MUTED : INVALID.accent}
        >
          {fitText(summary, Math.max(0, w - labelEnd - 14), 11.5)}
        </text>
      </g>
    )
  }
}

/** The colour of a boundary's outline and heading, by kind (the canvas takes it from boundary.css and kit.css). */
function boundaryAccent(kind: BoundaryKind): string {
  if (kind === 'region') return '#475569'
  if (kind === 'decode-pool') return '#0f766e'
  return categoryColours[kind === 'prefill-pool' ? 'serving' : 'network'].accent
}

function BoundaryView({ shape }: { shape: BoundaryShape }) {
  const check = checkProps(boundaryShape, shape.props)
  const kind = (check.ok ? check.props.kind : 'region') as BoundaryKind
  const summary = useInsideSummary(shape)
  return (
    <HTMLContainer
      className={`kit-boundary kit-boundary--${kind} kit-cat-${categoryOf(shape)}${check.ok ? '' : ' kit-card--invalid'}`}
      data-kit-type="boundary"
      data-invalid={check.ok ? undefined : 'true'}
    >
      <div className="kit-boundary__header">
        <span className="kit-boundary__icon">
          <PartIcon id={check.ok ? kind : 'invalid'} size={20} />
        </span>
        <KitLabel shapeId={shape.id} type="boundary" label={shape.props.label} />
        {check.ok ? (
          <span className="kit-boundary__summary">
            {shape.props.label.trim() !== boundaryKinds[kind].name && (
              <span className="kit-boundary__kind">{boundaryKinds[kind].name}</span>
            )}
            {summary}
          </span>
        ) : (
          <span className="kit-card__issue" data-testid="shape-invalid">
            Invalid · {check.issues[0]}
          </span>
        )}
      </div>
    </HTMLContainer>
  )
}

/** "16 GPUs · 1.28 TB HBM" for the GPUs inside a boundary, or nothing. */
function insideSummary(editor: Editor, shape: BoundaryShape): string {
  const inside = [...editor.getShapeAndDescendantIds([shape.id])]
    .filter((id) => id !== shape.id)
    .map((id) => editor.getShape(id))
    .filter((s) => s !== undefined)
  const totals = aggregateHardware(inside)
  if (totals.gpus === 0) return ''
  return `${totals.gpus.toLocaleString('en-US')} GPUs · ${formatQuantity(totals.hbmBytes, 'bytes')} HBM`
}

/** {@link insideSummary}, kept up to date as parts move in and out. */
function useInsideSummary(shape: BoundaryShape): string {
  const editor = useEditor()
  return useValue('boundary summary', () => insideSummary(editor, shape), [editor, shape.id])
}
