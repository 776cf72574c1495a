import { z } from 'zod'
import { formatQuantity } from '../calc/units.ts'
import { gpuById } from '../presets/index.ts'
import { gpuModelField, gpusPerNodeField, nicBandwidth, nicsPerNodeField } from './gpuNode.ts'
import { inspectorFields, labelField } from './inspectorFields.ts'
import { gpuIds, linkName, scaleOutLinkIds, shortGpuName, shortLinkName } from './presetChoices.ts'
import { label, oneOf, type ShapeSpec, size, wholeNumber } from './shapeSpec.ts'

/**
 * Props of a GPU cluster or pod: `nodes` identical nodes of `gpusPerNode` GPUs, joined in
 * scale-up domains of `scaleUpDomain` GPUs (8 for an HGX board, 72 for an NVL72 rack) and by a
 * scale-out fabric with `nicsPerNode` NICs per node. A domain larger than the cluster (say,
 * while someone is still typing the node count) counts as the whole cluster.
 */
export const gpuClusterProps = z.object({
  w: size,
  h: size,
  label: label(),
  gpuId: oneOf(gpuIds, 'GPU model'),
  nodes: wholeNumber(1, 1_000_000),
  gpusPerNode: wholeNumber(1, 144),
  /** GPUs that share one scale-up (NVLink) domain. */
  scaleUpDomain: wholeNumber(1, 100_000),
  /** The scale-out fabric between nodes. */
  scaleOutLinkId: oneOf(scaleOutLinkIds, 'scale-out link'),
  nicsPerNode: wholeNumber(0, 64),
})

/** Props of a GPU cluster. */
export type GpuClusterProps = z.output<typeof gpuClusterProps>

/** The GPU cluster shape: 16 H100 nodes on InfiniBand NDR unless told otherwise. */
export const gpuClusterShape: ShapeSpec<typeof gpuClusterProps, 'gpu-cluster'> = {
  type: 'gpu-cluster',
  props: gpuClusterProps,
  migrations: [],
  defaults: () => ({
    w: 300,
    h: 150,
    label: 'GPU cluster',
    gpuId: 'h100-sxm',
    nodes: 16,
    gpusPerNode: 8,
    scaleUpDomain: 8,
    scaleOutLinkId: 'infiniband-ndr',
    nicsPerNode: 8,
  }),
  fields: inspectorFields(gpuClusterProps, [
    labelField,
    gpuModelField,
    { key: 'nodes', label: 'Nodes' },
    gpusPerNodeField,
    { key: 'scaleUpDomain', label: 'Scale-up domain' },
    nicsPerNodeField,
    { key: 'scaleOutLinkId', label: 'Interconnect', optionLabel: linkName },
  ]),
  parts: [
    {
      id: 'gpu-cluster',
      name: 'GPU cluster',
      category: 'compute',
      keywords: 'pod superpod nodes fleet nvl72 training gpu',
    },
  ],
  category: () => 'compute',
  face: (cluster) => {
    const gpus = clusterGpus(cluster)
    const figures = [
      { text: `${gpus.toLocaleString('en-US')} GPUs`, testId: 'cluster-gpus' },
      { text: `${formatQuantity((gpuById(cluster.gpuId)?.hbmBytes ?? 0) * gpus, 'bytes')} HBM` },
      { text: `${Math.min(cluster.scaleUpDomain, gpus)}-GPU scale-up` },
    ]
    if (cluster.nicsPerNode > 0)
      figures.push({ text: `${cluster.nicsPerNode}× ${shortLinkName(cluster.scaleOutLinkId)}` })
    return { lines: [{ text: nodesText(cluster), strong: true }], figures, rack: cluster.nodes }
  },
  estimate: (cluster) => {
    const gpus = clusterGpus(cluster)
    return {
      gpus: { gpuId: cluster.gpuId, count: gpus, scaleUpDomain: Math.min(cluster.scaleUpDomain, gpus) },
      nodes: cluster.nodes,
      scaleOutBandwidth: cluster.nodes * nicBandwidth(cluster.scaleOutLinkId, cluster.nicsPerNode),
    }
  },
}

/** GPUs of the whole cluster. */
const clusterGpus = (cluster: GpuClusterProps) => cluster.nodes * cluster.gpusPerNode

/** '16 nodes × 8 H100 SXM5 80GB'. */
const nodesText = (cluster: GpuClusterProps) =>
  `${cluster.nodes.toLocaleString('en-US')} ${cluster.nodes === 1 ? 'node' : 'nodes'} × ${cluster.gpusPerNode} ${shortGpuName(cluster.gpuId)}`
