import type { SVGProps } from 'react'

/**
 * What the board's shapes draw their exports with (tldraw's `toSvg`): ink, fonts, a text fit and
 * an outline, in plain SVG so an export opens in any viewer. Kit parts and calculator cards both
 * use them, so they sit below both.
 */

/** Ink of text. */
export const INK = '#0f172a'
/** Secondary text. */
export const MUTED = '#475569'
/** Fonts of exported text: generic families, since an export must not depend on a web font. */
export const SANS = 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif'
export const MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace'

/** Average advance of a regular sans character, in em (digits and lower case). */
export const ADVANCE = 0.5
/** Average advance of a bold sans character, in em. */
export const BOLD_ADVANCE = 0.58

/**
 * `text` cut with an ellipsis to about what fits in `width` pixels at `size` (SVG text does not
 * wrap or clip itself, and an export cannot measure it).
 *
 * @example fitText('Llama 3 70B', 40, 12) // 'Llama…'
 */
export function fitText(text: string, width: number, size: number, advance = ADVANCE): string {
  const max = Math.max(1, Math.floor(width / (size * advance)))
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text
}

/**
 * A shape's rounded outline, drawn inside its `w` × `h` box: the stroke is centred on the path,
 * so the path is inset by half of it.
 */
export function Outline({
  w,
  h,
  strokeWidth = 1,
  ...rest
}: { w: number; h: number; strokeWidth?: number } & Omit<SVGProps<SVGRectElement>, 'width' | 'height'>) {
  const inset = strokeWidth / 2
  return (
    <rect
      x={inset}
      y={inset}
      width={Math.max(w - strokeWidth, 1)}
      height={Math.max(h - strokeWidth, 1)}
      strokeWidth={strokeWidth}
      {...rest}
    />
  )
}
