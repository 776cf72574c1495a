import type { CardFace, PartCategory, ShapeSpec } from '@roofline/shared/shapes'
import type { ReactElement } from 'react'
import { BOLD_ADVANCE, fitText, INK, MUTED, Outline, SANS } from '../boardTools/svgText.tsx'
import { cardContent, categoryOf, iconOf } from './KitCard.tsx'
import type { KitCardShape } from './kitShapeTypes.ts'
import { PartIcon } from './PartIcon.tsx'

/**
 * The kit's shapes drawn in plain SVG for exports (tldraw's `toSvg`): the same card as on the
 * canvas — accent bar, tinted icon tile, label, figures — without HTML, so an exported SVG opens
 * in any SVG viewer, not only in browsers that render foreignObject. Light theme colours, as the
 * board's exports are printed and shared.
 */

/** The accent and tint of a palette category (kit.css holds the same pairs for the canvas). */
export const categoryColours: Readonly<Record<PartCategory, { accent: string; tint: string }>> = {
  compute: { accent: '#15803d', tint: '#dcfce7' },
  network: { accent: '#1d4ed8', tint: '#dbeafe' },
  serving: { accent: '#6d28d9', tint: '#ede9fe' },
  data: { accent: '#b45309', tint: '#fef3c7' },
  people: { accent: '#334155', tint: '#e2e8f0' },
}

/** Colours of an invalid shape. */
export const INVALID = { accent: '#dc2626', tint: '#fee2e2' }
/** One line under a card's label. */
interface SvgLine {
  text: string
  strong?: boolean | undefined
}

/**
 * A card face's lines as an export draws them: a line's hover detail appended after ' · ', a
 * tall card's figures paired two to a line (there are no pills in an export).
 *
 * @example svgLines({ lines: [{ text: '640 GB HBM', chips: 8, more: 'no NICs' }] }) // [{ text: '640 GB HBM · no NICs' }]
 */
export function svgLines(face: CardFace): SvgLine[] {
  const lines: SvgLine[] = face.lines.map((line) => ({
    text: line.more ? `${line.text} · ${line.more}` : line.text,
    strong: line.strong,
  }))
  const figures = face.figures ?? []
  for (let at = 0; at < figures.length; at += 2)
    lines.push({
      text: figures
        .slice(at, at + 2)
        .map((figure) => figure.text)
        .join(' · '),
    })
  return lines
}

/** A card shape in SVG, for tldraw's `toSvg`: the same face its canvas card shows. */
export function cardSvg(spec: ShapeSpec, shape: KitCardShape): ReactElement {
  const { face, issues } = cardContent(spec, shape.props)
  const { w, h, label } = shape.props
  const drawn = { w, h, label, category: categoryOf(shape), icon: iconOf(shape) }
  if (!face) return <KitCardSvg {...drawn} lines={[]} issue={issues[0]} />
  return <KitCardSvg {...drawn} lines={svgLines(face)} badge={face.badge} />
}

/** What a kit card shows, for its SVG. */
export interface KitCardSvgProps {
  w: number
  h: number
  category: PartCategory
  icon: string
  label: string
  lines: readonly SvgLine[]
  /** The engine of a model server, at the right of the label. */
  badge?: string | undefined
  /** Why the props are invalid: the card then turns red and says so. */
  issue?: string | undefined
}

const ICON_TILE = 44
const PAD = 10

/**
 * A kit card in SVG, laid out like KitCard: the icon tile on the left, the label and its lines
 * beside it, vertically centred in the card.
 */
export function KitCardSvg({
  w,
  h,
  category,
  icon,
  label,
  lines,
  badge,
  issue,
}: KitCardSvgProps): ReactElement {
  const colours = issue ? INVALID : categoryColours[category]
  const shown: SvgLine[] = issue ? [{ text: `Invalid · ${issue}` }] : [...lines]
  const textX = PAD + ICON_TILE + 12
  const textW = Math.max(0, w - textX - 14)
  const block = 17 + shown.length * 16
  const top = Math.max(PAD, (h - block) / 2)
  const tileY = Math.max(PAD, (h - ICON_TILE) / 2)
  const badgeW = badge && !issue ? badge.length * 6.5 + 14 : 0
  return (
    <g fontFamily={SANS}>
      <Outline
        w={w}
        h={h}
        rx={12}
        fill="#ffffff"
        stroke={colours.accent}
        strokeOpacity={issue ? 1 : 0.45}
        strokeDasharray={issue ? '6 4' : undefined}
      />
      <rect x={0} y={6} width={4} height={Math.max(h - 12, 0)} rx={2} fill={colours.accent} />
      <rect x={PAD} y={tileY} width={ICON_TILE} height={ICON_TILE} rx={10} fill={colours.tint} />
      <g transform={`translate(${PAD + 9} ${tileY + 9})`} color={colours.accent}>
        <PartIcon id={issue ? 'invalid' : icon} size={26} />
      </g>
      <text x={textX} y={top + 13} fontSize={13} fontWeight={700} fill={INK}>
        {fitText(label, textW - badgeW, 13, BOLD_ADVANCE)}
      </text>
      {badgeW > 0 && (
        <g transform={`translate(${w - 14 - badgeW} ${top})`}>
          <rect width={badgeW} height={17} rx={8.5} fill={colours.tint} />
          <text
            x={badgeW / 2}
            y={12.5}
            fontSize={11}
            fontWeight={700}
            fill={colours.accent}
            textAnchor="middle"
          >
            {badge}
          </text>
        </g>
      )}
      {shown.map((line, index) => (
        <text
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed lines that never reorder.
          key={index}
          x={textX}
          y={top + 17 + 13 + index * 16}
          fontSize={12}
          fontWeight={line.strong ? 600 : 400}
          fill={issue ? INVALID.accent : line.strong ? INK : MUTED}
        >
          {fitText(line.text, textW, 12)}
        </text>
      ))}
    </g>
  )
}
