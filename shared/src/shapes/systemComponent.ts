import { z } from 'zod'
import { type ComponentKind, componentKindIds, componentKinds } from './parts.ts'
import { label, oneOf, type ShapeSpec, size } from './shapeSpec.ts'

/**
 * Props of the generic component: one shape for every part that is an icon, a label and a line
 * of detail (load balancer, vector database, users, ...), told apart by `kind`.
 */
export const systemComponentProps = z.object({
  w: size,
  h: size,
  kind: oneOf(componentKindIds, 'component kind'),
  label: label(),
  /** Free text under the label: '3 replicas', '10 TB, 3 AZs'. */
  detail: label(160),
})
/** Props of a generic component. */
export type SystemComponentProps = z.output<typeof systemComponentProps>

/** The generic component shape; placing a part sets its kind and label. */
export const systemComponentShape: ShapeSpec<typeof systemComponentProps> = {
  type: 'system-component',
  props: systemComponentProps,
  migrations: [],
  defaults: () => ({
    w: 210,
    h: 72,
    kind: 'load-balancer',
    label: componentKinds['load-balancer'].name,
    detail: '',
  }),
  fields: [
    { key: 'label', label: 'Label', input: 'text', maxLength: 120 },
    {
      key: 'kind',
      label: 'Kind',
      input: 'choice',
      options: componentKindIds.map((kind: ComponentKind) => ({
        value: kind,
        label: componentKinds[kind].name,
      })),
    },
    { key: 'detail', label: 'Detail', input: 'text', maxLength: 160, placeholder: 'e.g. 3 replicas, 10 TB' },
  ],
}
