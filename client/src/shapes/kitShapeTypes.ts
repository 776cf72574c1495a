import type { KitPropsByType } from '@roofline/shared/shapes'
import type { TLShape } from 'tldraw'

/**
 * Props as the store holds them: the schema's types widened to their primitives, because a
 * record from another participant may carry any number or string (the strict zod check in
 * shared decides whether it is valid; tldraw's permissive validators only check primitives).
 */
export type StoredPropsOf<P> = {
  [K in keyof P]: P[K] extends number ? number : P[K] extends string ? string : P[K]
}

/** Every kit shape's stored props by type, derived from the specs in `kitShapes`. */
type StoredKitProps = { [K in keyof KitPropsByType]: StoredPropsOf<KitPropsByType[K]> }

declare module 'tldraw' {
  // tldraw learns custom shapes by this interface's members: every kit spec's, from the list.
  interface TLGlobalShapePropsMap extends StoredKitProps {}
}

/** Any shape of the kit. */
export type KitShape = TLShape<keyof KitPropsByType>
/** A boundary (region, zone, pool) shape record. */
export type BoundaryShape = TLShape<'boundary'>
/** A kit shape drawn as a card (every kit shape but the boundary, a container). */
export type KitCardShape = Exclude<KitShape, BoundaryShape>
