import { z } from 'zod'
import { type BoundaryKind, boundaryKindIds, boundaryKinds } from './parts.ts'
import { label, oneOf, type ShapeSpec, size } from './shapeSpec.ts'

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
export const boundaryShape: ShapeSpec<typeof boundaryProps> = {
  type: 'boundary',
  props: boundaryProps,
  migrations: [],
  defaults: () => ({ w: 520, h: 300, kind: 'region', label: boundaryKinds.region.name }),
  fields: [
    { key: 'label', label: 'Label', input: 'text', maxLength: 120 },
    {
      key: 'kind',
      label: 'Kind',
      input: 'choice',
      options: boundaryKindIds.map((kind: BoundaryKind) => ({
        value: kind,
        label: boundaryKinds[kind].name,
      })),
    },
  ],
}
