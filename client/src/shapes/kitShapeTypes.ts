import type {
  BoundaryProps,
  GpuClusterProps,
  GpuNodeProps,
  ModelServerProps,
  SystemComponentProps,
} from '@roofline/shared/shapes'
import type { TLShape } from 'tldraw'

/**
 * Props as the store holds them: the schema's types widened to their primitives, because a
 * record from another participant may carry any number or string (the strict zod check in
 * shared decides whether it is valid; tldraw's permissive validators only check primitives).
 */
export type StoredPropsOf<P> = {
  [K in keyof P]: P[K] extends number ? number : P[K] extends string ? string : P[K]
}

declare module 'tldraw' {
  interface TLGlobalShapePropsMap {
    'gpu-node': StoredPropsOf<GpuNodeProps>
    'gpu-cluster': StoredPropsOf<GpuClusterProps>
    'model-server': StoredPropsOf<ModelServerProps>
    'system-component': StoredPropsOf<SystemComponentProps>
    boundary: StoredPropsOf<BoundaryProps>
  }
}

/** A GPU node shape record. */
export type GpuNodeShape = TLShape<'gpu-node'>
/** A GPU cluster shape record. */
export type GpuClusterShape = TLShape<'gpu-cluster'>
/** A model server shape record. */
export type ModelServerShape = TLShape<'model-server'>
/** A generic component shape record. */
export type SystemComponentShape = TLShape<'system-component'>
/** A boundary (region, zone, pool) shape record. */
export type BoundaryShape = TLShape<'boundary'>
/** Any shape of the kit. */
export type KitShape =
  | GpuNodeShape
  | GpuClusterShape
  | ModelServerShape
  | SystemComponentShape
  | BoundaryShape
