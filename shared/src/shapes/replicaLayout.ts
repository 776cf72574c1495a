import { gpuById } from '../presets/index.ts'
import type { GpuCount, HardwareTotals, ServerLayout } from './aggregate.ts'
import { modelServerGpus } from './modelServer.ts'

/** How one replica of a model is laid out on the selected GPUs, and how many the selection holds. */
export interface ReplicaLayout {
  /** 'server': a selected model server's layout; 'assumed': no selected server runs the model. */
  source: 'server' | 'assumed'
  /** Labels of the model servers the layout comes from (none when assumed). */
  servers: string[]
  tensorParallel: number
  pipelineParallel: number
  /** GPUs in one replica: TP · PP. */
  gpusPerReplica: number
  /** The GPU each replica is built from. */
  gpu: GpuCount
  /** Replicas the servers ask for; for an assumed layout, as many as the GPUs hold. */
  replicasAsked: number
  /** Replicas the selected GPUs hold: min(asked, available GPUs / gpusPerReplica). */
  replicas: number
  /** What was assumed or left out, in words. */
  notes: string[]
}

const count = (n: number) => n.toLocaleString('en-US')
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`
const layoutName = (tp: number, pp: number) => (pp > 1 ? `TP ${tp} × PP ${pp}` : `TP ${tp}`)

/**
 * The GPU a replica is built from: the only one selected or, when several models are mixed,
 * the one with the least HBM bandwidth, so the figures are a bound the whole selection meets.
 */
function replicaGpu(totals: HardwareTotals, notes: string[]): GpuCount | null {
  const bandwidth = (g: GpuCount) => gpuById(g.gpuId)?.hbmBandwidth ?? 0
  const [slowest] = [...totals.byGpu].sort((a, b) => bandwidth(a) - bandwidth(b))
  if (!slowest) return null
  if (totals.byGpu.length > 1) {
    notes.push(
      `Mixed GPUs: every replica is sized as ${slowest.name}, the selection's slowest HBM (a bound, not a mix).`,
    )
  }
  return slowest
}

/** Selected servers running `modelId`, grouped by layout: replicas of one layout add up. */
function serverGroups(servers: readonly ServerLayout[], modelId: string) {
  const groups = new Map<string, { tp: number; pp: number; replicas: number; labels: string[] }>()
  for (const server of servers) {
    if (server.modelId !== modelId) continue
    const key = `${server.tensorParallel}×${server.pipelineParallel}`
    const group = groups.get(key) ?? {
      tp: server.tensorParallel,
      pp: server.pipelineParallel,
      replicas: 0,
      labels: [],
    }
    group.replicas += server.replicas
    group.labels.push(server.label)
    groups.set(key, group)
  }
  // The layout holding the most GPUs is the fleet's main one; the rest are named in a note.
  return [...groups.values()].sort((a, b) => b.replicas * b.tp * b.pp - a.replicas * a.tp * a.pp)
}

/**
 * One replica's layout for an estimate of `modelId` on a selection.
 *
 * With a selected model server running the model, the replica is that server's TP × PP GPUs and
 * the fleet is its replicas, capped at what the selected GPUs hold once the other selected
 * servers have theirs. Servers of the same layout add up; another layout of the same model is
 * left out with a note (select it alone for its own estimate).
 *
 * With none, the layout is assumed and said so: one replica per scale-up domain (tensor parallel
 * inside the NVLink-class domain, as serving engines deploy), with whole domains added as
 * pipeline stages until weights + KV (`neededBytes`) fit, and as many replicas as the GPUs hold.
 *
 * Null when the selection has no GPUs to build a replica from.
 *
 * @example chooseReplicaLayout(totalsOfTheCostReductionStarter, 'llama-3-70b', 227e9)
 * // { source: 'server', tensorParallel: 8, pipelineParallel: 1, gpusPerReplica: 8, replicas: 300, … }
 */
export function chooseReplicaLayout(
  totals: HardwareTotals,
  modelId: string,
  neededBytes: number,
): ReplicaLayout | null {
  const notes: string[] = []
  const gpu = replicaGpu(totals, notes)
  if (!gpu) return null
  const [main, ...others] = serverGroups(totals.modelServers.servers, modelId)

  if (main) {
    const gpusPerReplica = main.tp * main.pp
    const mainGpus = main.replicas * gpusPerReplica
    const available = Math.max(0, totals.gpus - (totals.modelServers.gpusRequested - mainGpus))
    const replicas = Math.min(main.replicas, Math.floor(available / gpusPerReplica))
    for (const other of others) {
      notes.push(
        `Left out: ${other.labels.join(', ')} (${plural(other.replicas, 'replica')} at ${layoutName(other.tp, other.pp)}): select it alone for its estimate.`,
      )
    }
    if (replicas < main.replicas) {
      notes.push(
        `${main.labels.join(', ')} ask${main.labels.length === 1 ? 's' : ''} for ${plural(main.replicas, 'replica')} of ${gpusPerReplica} GPUs; the ${plural(available, 'GPU')} selected for ${main.labels.length === 1 ? 'it' : 'them'} hold ${count(replicas)}: the fleet counts ${count(replicas)}.`,
      )
    }
    return {
      source: 'server',
      servers: main.labels,
      tensorParallel: main.tp,
      pipelineParallel: main.pp,
      gpusPerReplica,
      gpu,
      replicasAsked: main.replicas,
      replicas,
      notes,
    }
  }

  const available = totals.gpus
  const domain = Math.max(1, Math.min(gpu.scaleUpDomain, available))
  const domainBytes = domain * (gpuById(gpu.gpuId)?.hbmBytes ?? 0)
  const maxStages = Math.max(1, Math.floor(available / domain))
  const stages = domainBytes > 0 ? Math.min(maxStages, Math.max(1, Math.ceil(neededBytes / domainBytes))) : 1
  const gpusPerReplica = domain * stages
  const replicas = Math.floor(available / gpusPerReplica)
  notes.unshift(
    `Assumed (no selected model server runs this model): one replica per ${domain}-GPU scale-up domain, TP ${domain}` +
      (stages > 1 ? ` × ${stages} pipeline stages to hold it` : '') +
      `; ${plural(replicas, 'replica')}.`,
  )
  return {
    source: 'assumed',
    servers: [],
    tensorParallel: domain,
    pipelineParallel: stages,
    gpusPerReplica,
    gpu,
    replicasAsked: replicas,
    replicas,
    notes,
  }
}

/** GPUs the selected servers of one model ask for, for a note when none are selected. */
export function gpusAskedFor(totals: HardwareTotals, modelId: string): number {
  return totals.modelServers.servers
    .filter((s) => s.modelId === modelId)
    .reduce((sum, s) => sum + modelServerGpus(s), 0)
}
