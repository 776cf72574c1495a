import { z } from 'zod'
import { formatQuantity } from '../calc/units.ts'
import { gpuById, linkById } from '../presets/index.ts'
import { type FieldLabel, inspectorFields, labelField } from './inspectorFields.ts'
import { gpuIds, linkName, scaleOutLinkIds, shortGpuName, shortLinkName } from './presetChoices.ts'
import { label, oneOf, type ShapeSpec, size, wholeNumber } from './shapeSpec.ts'

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

/** Inspector fields a GPU node and a GPU cluster share. */
export const gpuModelField: FieldLabel = { key: 'gpuId', label: 'GPU model', optionLabel: shortGpuName }
export const gpusPerNodeField: FieldLabel = { key: 'gpusPerNode', label: 'GPUs per node' }
export const nicsPerNodeField: FieldLabel = { key: 'nicsPerNode', label: 'NICs per node' }

/** The GPU node shape: an 8-GPU H100 server unless told otherwise. */
export const gpuNodeShape: ShapeSpec<typeof gpuNodeProps, 'gpu-node'> = {
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
  fields: inspectorFields(gpuNodeProps, [
    labelField,
    gpuModelField,
    gpusPerNodeField,
    nicsPerNodeField,
    { key: 'nicLinkId', label: 'Scale-out NIC', optionLabel: linkName },
  ]),
  parts: [
    {
      id: 'gpu-node',
      name: 'GPU node',
      category: 'compute',
      keywords: 'server accelerator h100 a100 b200 hgx dgx gpu',
    },
  ],
  category: () => 'compute',
  face: (node) => ({
    lines: [
      { text: `${node.gpusPerNode} × ${shortGpuName(node.gpuId)}`, strong: true },
      {
        text: `${formatQuantity(nodeHbm(node), 'bytes')} HBM`,
        chips: node.gpusPerNode,
        more: nicsText(node),
      },
    ],
  }),
  estimate: (node) => ({
    gpus: { gpuId: node.gpuId, count: node.gpusPerNode, scaleUpDomain: node.gpusPerNode },
    nodes: 1,
    scaleOutBandwidth: nicBandwidth(node.nicLinkId, node.nicsPerNode),
  }),
}

/** HBM of the whole node. */
const nodeHbm = (node: GpuNodeProps) => (gpuById(node.gpuId)?.hbmBytes ?? 0) * node.gpusPerNode

/** '8 × IB NDR NICs', or 'no NICs'. */
const nicsText = (node: GpuNodeProps) =>
  node.nicsPerNode > 0 ? `${node.nicsPerNode} × ${shortLinkName(node.nicLinkId)} NICs` : 'no NICs'

/** Bandwidth of `nics` NICs of a link preset, bytes/s one direction (0 for an unknown preset). */
export const nicBandwidth = (linkId: string, nics: number) =>
  nics * (linkById(linkId)?.bandwidthPerDirection ?? 0)
