import { z } from 'zod'
import { inspectorFields, kindIdsOf, labelField } from './inspectorFields.ts'
import { label, oneOf, type ShapeSpec, size } from './shapeSpec.ts'
import { type KindInfo, kindParts } from './systemComponent.ts'

/** Kinds of the boundary shape: a region that holds other parts. */
export const boundaryKinds = {
  region: { name: 'Region', category: 'network', keywords: 'cloud region geography datacenter' },
  'availability-zone': { name: 'Availability zone', category: 'network', keywords: 'az zone failure domain' },
  'prefill-pool': {
    name: 'Prefill pool',
    category: 'serving',
    keywords: 'prefill prompt disaggregated pool workers',
  },
  'decode-pool': {
    name: 'Decode pool',
    category: 'serving',
    keywords: 'decode generation disaggregated pool',
  },
} as const satisfies Record<string, KindInfo>
/** A kind of the boundary shape. */
export type BoundaryKind = keyof typeof boundaryKinds
/** Every boundary kind. */
export const boundaryKindIds = kindIdsOf(boundaryKinds)

/**
 * Props of a boundary: a region, an availability zone, or a prefill or decode pool, drawn as a
 * container that holds the parts placed inside it.
 */
export const boundaryProps = z.object({
  w: size,
  h: size,
  kind: oneOf(boundaryKindIds, 'boundary kind'),
  label: label(),
})
/** Props of a boundary. */
export type BoundaryProps = z.output<typeof boundaryProps>

/** The boundary shape. */
export const boundaryShape: ShapeSpec<typeof boundaryProps, 'boundary'> = {
  type: 'boundary',
  props: boundaryProps,
  migrations: [],
  defaults: () => ({ w: 520, h: 300, kind: 'region', label: boundaryKinds.region.name }),
  fields: inspectorFields(boundaryProps, [
    labelField,
    { key: 'kind', label: 'Kind', optionLabel: (kind) => boundaryKinds[kind as BoundaryKind].name },
  ]),
  parts: kindParts(boundaryKinds),
  category: (props) => boundaryKinds[props.kind as BoundaryKind]?.category ?? 'network',
  // No face: a boundary is a container, drawn by its own ShapeUtil with the GPUs inside it.
}
