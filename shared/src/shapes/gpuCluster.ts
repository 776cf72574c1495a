import { z } from 'zod'
import { gpuChoices, gpuIds, scaleOutLinkChoices, scaleOutLinkIds } from './presetChoices.ts'
import { integerField, label, oneOf, type ShapeSpec, size, wholeNumber } from './shapeSpec.ts'

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
export const gpuClusterShape: ShapeSpec<typeof gpuClusterProps> = {
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
  fields: [
    { key: 'label', label: 'Label', input: 'text', maxLength: 120 },
    { key: 'gpuId', label: 'GPU model', input: 'choice', options: gpuChoices },
    integerField('nodes', 'Nodes', 1, 1_000_000),
    integerField('gpusPerNode', 'GPUs per node', 1, 144),
    integerField('scaleUpDomain', 'Scale-up domain', 1, 100_000),
    integerField('nicsPerNode', 'NICs per node', 0, 64),
    { key: 'scaleOutLinkId', label: 'Interconnect', input: 'choice', options: scaleOutLinkChoices },
  ],
}
