import { revealedCardShapeType } from '@roofline/shared'
import {
  BaseBoxShapeUtil,
  Box,
  type Editor,
  getColorValue,
  HTMLContainer,
  type RecordProps,
  RichTextLabel,
  RichTextSVG,
  renderPlaintextFromRichText,
  richTextValidator,
  type SvgExportContext,
  T,
  type TLRichText,
  type TLShape,
  toRichText,
} from 'tldraw'
import { Outline } from '../boardTools/svgText.tsx'
import { kitFontFaces } from './kitFonts.ts'

/** What a revealed card holds: its size and its text (title line, then the body). */
export interface RevealedCardProps {
  w: number
  h: number
  richText: TLRichText
}

declare module 'tldraw' {
  export interface TLGlobalShapePropsMap {
    // By the constant: the type's name is also a class of the session panel's stylesheet.
    [revealedCardShapeType]: RevealedCardProps
  }
}

/** A card the interviewer placed on the board by revealing a question's answer or a hidden card. */
export type RevealedCardShape = TLShape<typeof revealedCardShapeType>

// Set as the geo rectangle revealed cards used to be (size "s", sans, orange, semi fill), so a
// board keeps its look whichever kind of card it holds.
const FONT_SIZE = 18
const LINE_HEIGHT = 1.35
const PADDING = 16
const STROKE = 2
const RADIUS = 6
const COLOUR = 'orange'

/** How a revealed card is drawn in the editor's theme and colour mode. */
function cardLook(editor: Editor, dark: boolean) {
  const theme = editor.getCurrentTheme()
  const colours = theme.colors[dark ? 'dark' : 'light']
  return {
    stroke: getColorValue(colours, COLOUR, 'solid'),
    fill: getColorValue(colours, COLOUR, 'semi'),
    /** How the text is set, the same on screen (`RichTextLabel`) and in an export (`RichTextSVG`). */
    text: {
      fontFamily: theme.fonts.sans?.fontFamily ?? 'var(--tl-font-sans)',
      fontSize: FONT_SIZE,
      lineHeight: LINE_HEIGHT,
      textAlign: 'start',
      verticalAlign: 'start',
      labelColor: getColorValue(colours, 'black', 'solid'),
      padding: PADDING,
      wrap: true,
      showTextOutline: false,
    } as const,
  }
}

/**
 * Renders revealed cards: a wide card whose rich text is tldraw's own label (the same
 * `.tl-rich-text` the geo card had, editable by the interviewer once unlocked), and its own
 * SVG for exports. The session locks and guards cards of this type (`isRevealedCardRecord`).
 */
export class RevealedCardShapeUtil extends BaseBoxShapeUtil<RevealedCardShape> {
  static override type = revealedCardShapeType
  static override props: RecordProps<RevealedCardShape> = {
    w: T.nonZeroNumber,
    h: T.nonZeroNumber,
    richText: richTextValidator,
  }

  override getDefaultProps(): RevealedCardProps {
    return { w: 360, h: 120, richText: toRichText('') }
  }

  override canEdit(): boolean {
    return true
  }

  override getFontFaces() {
    return kitFontFaces
  }

  override getText(shape: RevealedCardShape): string | undefined {
    return renderPlaintextFromRichText(this.editor, shape.props.richText)
  }

  component(shape: RevealedCardShape) {
    const look = cardLook(this.editor, this.editor.getColorMode() === 'dark')
    return (
      <HTMLContainer
        style={{
          background: look.fill,
          border: `${STROKE}px solid ${look.stroke}`,
          borderRadius: RADIUS,
          boxSizing: 'border-box',
          pointerEvents: 'all',
        }}
      >
        <RichTextLabel
          shapeId={shape.id}
          type={shape.type}
          richText={shape.props.richText}
          {...look.text}
          isSelected={this.editor.getOnlySelectedShapeId() === shape.id}
        />
      </HTMLContainer>
    )
  }

  override toSvg(shape: RevealedCardShape, ctx: SvgExportContext) {
    const look = cardLook(this.editor, ctx.isDarkMode)
    const { w, h, richText } = shape.props
    return (
      <g>
        <Outline w={w} h={h} rx={RADIUS} fill={look.fill} stroke={look.stroke} strokeWidth={STROKE} />
        <RichTextSVG bounds={new Box(0, 0, w, h)} richText={richText} {...look.text} />
      </g>
    )
  }

  getIndicatorPath(shape: RevealedCardShape): Path2D {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, RADIUS)
    return path
  }
}
