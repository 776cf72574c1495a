import { gpuById } from '../presets/index.ts'
import { readLinkMeta } from './link.ts'
import { modelServerGpus } from './modelServer.ts'
import { shortGpuName } from './presetChoices.ts'
import { type Contribution, checkProps, type ServerLayout } from './shapeSpec.ts'
import { kitShapeSpec } from './specs.ts'

export type { ServerLayout } from './shapeSpec.ts'

/** A shape as the totals need it, whatever the editor: its type, props and meta. */
export interface DiagramShape {
  type: string
  props: unknown
  meta?: unknown
}

/** GPUs of one model among the selected parts. */
export interface GpuCount {
  gpuId: string
  name: string
  gpus: number
  /** The largest scale-up (NVLink-class) domain among the parts holding these GPUs. */
  scaleUpDomain: number
}

/** What the selected parts add up to. All bandwidths are one direction, bytes/s. */
export interface HardwareTotals {
  gpus: number
  nodes: number
  byGpu: GpuCount[]
  hbmBytes: number
  hbmBandwidth: number
  /** Dense BF16 peak, FLOP/s. */
  bf16Flops: number
  /** Dense FP8 peak, FLOP/s; null when some selected GPU has no FP8 tensor math. */
  fp8Flops: number | null
  /** Each GPU's scale-up (NVLink-class) bandwidth, summed. */
  scaleUpBandwidth: number
  /** The slowest selected GPU's scale-up bandwidth; null with no GPUs. */
  scaleUpPerGpu: number | null
  /** The largest scale-up domain among the parts, in GPUs. */
  largestScaleUpDomain: number
  /** Scale-out NIC bandwidth of every node, summed. */
  scaleOutBandwidth: number
  /** Selected link arrows with a valid link type. */
  links: { count: number; bandwidthPerDirection: number }
  /** Selected model servers, the GPUs they ask for (replicas · TP · PP) and each one's layout. */
  modelServers: { count: number; gpusRequested: number; modelIds: string[]; servers: ServerLayout[] }
  /** Kit shapes whose props fail their schema: shown as invalid and left out of every total. */
  invalid: number
}

/** Totals of nothing. */
export function emptyTotals(): HardwareTotals {
  return {
    gpus: 0,
    nodes: 0,
    byGpu: [],
    hbmBytes: 0,
    hbmBandwidth: 0,
    bf16Flops: 0,
    fp8Flops: 0,
    scaleUpBandwidth: 0,
    scaleUpPerGpu: null,
    largestScaleUpDomain: 0,
    scaleOutBandwidth: 0,
    links: { count: 0, bandwidthPerDirection: 0 },
    modelServers: { count: 0, gpusRequested: 0, modelIds: [], servers: [] },
    invalid: 0,
  }
}

/**
 * Adds up the hardware of a set of shapes (a selection, with the children of selected pools and
 * regions): GPUs, HBM, peak FLOP/s, scale-up and scale-out bandwidth, links and model servers.
 * Shapes that are not part of the kit are ignored; kit shapes with invalid props are counted in
 * `invalid` and nowhere else. TPU scale-up figures are per ICI link (as the presets quote them).
 *
 * @example aggregateHardware([{ type: 'gpu-node', props: { ...gpuNodeShape.defaults() } }]).gpus // 8
 */
export function aggregateHardware(shapes: readonly DiagramShape[]): HardwareTotals {
  const totals = emptyTotals()
  const byGpu = new Map<string, { gpus: number; scaleUpDomain: number }>()
  const addGpus = (gpuId: string, gpus: number, domain: number) => {
    const gpu = gpuById(gpuId)
    if (!gpu) return
    const seen = byGpu.get(gpuId)
    byGpu.set(gpuId, {
      gpus: (seen?.gpus ?? 0) + gpus,
      scaleUpDomain: Math.max(seen?.scaleUpDomain ?? 0, domain),
    })
    totals.gpus += gpus
    totals.hbmBytes += gpus * gpu.hbmBytes
    totals.hbmBandwidth += gpus * gpu.hbmBandwidth
    totals.bf16Flops += gpus * gpu.bf16DenseFlops
    totals.fp8Flops =
      totals.fp8Flops === null || gpu.fp8DenseFlops === null
        ? null
        : totals.fp8Flops + gpus * gpu.fp8DenseFlops
    totals.scaleUpBandwidth += gpus * gpu.scaleUp.bandwidthPerDirection
    totals.scaleUpPerGpu = Math.min(
      totals.scaleUpPerGpu ?? Number.POSITIVE_INFINITY,
      gpu.scaleUp.bandwidthPerDirection,
    )
    totals.largestScaleUpDomain = Math.max(totals.largestScaleUpDomain, domain)
  }
  const add = (part: Contribution) => {
    if (part.gpus) addGpus(part.gpus.gpuId, part.gpus.count, part.gpus.scaleUpDomain)
    totals.nodes += part.nodes ?? 0
    totals.scaleOutBandwidth += part.scaleOutBandwidth ?? 0
    const server = part.modelServer
    if (!server) return
    totals.modelServers.count += 1
    totals.modelServers.gpusRequested += modelServerGpus(server)
    totals.modelServers.servers.push(server)
    if (!totals.modelServers.modelIds.includes(server.modelId))
      totals.modelServers.modelIds.push(server.modelId)
  }

  for (const shape of shapes) {
    if (shape.type === 'arrow') {
      const link = readLinkMeta(shape.meta)
      if (link.kind === 'invalid') totals.invalid += 1
      if (link.kind !== 'link') continue
      totals.links.count += 1
      totals.links.bandwidthPerDirection += link.bandwidthPerDirection
      continue
    }
    const spec = kitShapeSpec(shape.type)
    if (!spec) continue
    const check = checkProps(spec, shape.props)
    // A shape without figures (a component, a boundary) is still worth saying it is broken.
    if (!check.ok) totals.invalid += 1
    else if (spec.estimate) add(spec.estimate(check.props))
  }
  totals.byGpu = [...byGpu].map(([gpuId, { gpus, scaleUpDomain }]) => ({
    gpuId,
    name: shortGpuName(gpuId),
    gpus,
    scaleUpDomain,
  }))
  if (totals.gpus === 0) totals.fp8Flops = null
  return totals
}
