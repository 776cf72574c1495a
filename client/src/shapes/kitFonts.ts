import { DefaultFontFaces, type TLFontFace } from 'tldraw'

/**
 * The faces a kit card's text is set in (`var(--tl-font-sans)`, regular and bold): tldraw
 * loads a shape's faces when the shape is drawn, so a board without kit shapes never fetches them.
 */
export const kitFontFaces: TLFontFace[] = [
  DefaultFontFaces.tldraw_sans.normal.normal,
  DefaultFontFaces.tldraw_sans.normal.bold,
]
