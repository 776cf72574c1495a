import { z } from 'zod'
import { gpuChoices, gpuIds, scaleOutLinkChoices, scaleOutLinkIds } from './presetChoices.ts'
import { integerField, label, oneOf, type ShapeSpec, size, wholeNumber } from './shapeSpec.ts'

/** Props of a GPU node: one server with its GPUs and the NICs that connect it to other nodes. */
export const gpuNodeProps = z.object({
  w: size,
  h: size,
  label: label(),
  /** GPU preset id. */
  gpuId: oneOf(gpuIds, 'GPU model'),
  gpusPerNode: wholeNumber(1, 144),
  /** Link preset of each scale-out NIC (InfiniBand, Ethernet). */
  nicLinkId: oneOf(scaleOutLinkIds, 'scale-out link'),
  /** Scale-out NICs in the node; 0 for a node that talks to nobody. */
  nicsPerNode: wholeNumber(0, 64),
})
/** Props of a GPU node. */
export type GpuNodeProps = z.output<typeof gpuNodeProps>

/** The GPU node shape: an 8-GPU H100 server unless told otherwise. */
export const gpuNodeShape: ShapeSpec<typeof gpuNodeProps> = {
  type: 'gpu-node',
  props: gpuNodeProps,
  migrations: [],
  defaults: () => ({
    w: 260,
    h: 96,
    label: 'GPU node',
    gpuId: 'h100-sxm',
    gpusPerNode: 8,
    nicLinkId: 'infiniband-ndr',
    nicsPerNode: 8,
  }),
  fields: [
    { key: 'label', label: 'Label', input: 'text', maxLength: 120 },
    { key: 'gpuId', label: 'GPU model', input: 'choice', options: gpuChoices },
    integerField('gpusPerNode', 'GPUs per node', 1, 144),
    integerField('nicsPerNode', 'NICs per node', 0, 64),
    { key: 'nicLinkId', label: 'Scale-out NIC', input: 'choice', options: scaleOutLinkChoices },
  ],
}
