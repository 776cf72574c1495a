/**
 * @roofline/shared/presets — reference hardware, models, links and latencies as data, each
 * figure in SI units (bytes, bytes/s, FLOP/s, seconds, watts) with its sources.
 *
 * Capacities: vendor "GB" is read as 1e9 bytes. Bandwidths: decimal, one direction.
 */
import { gpus } from './gpus.ts'
import { latencyTables } from './latency.ts'
import { links } from './links.ts'
import { models } from './models.ts'

export { gpus } from './gpus.ts'
export { latencyTables } from './latency.ts'
export { links, NCCL_RING_BASE_LATENCY } from './links.ts'
export { models } from './models.ts'
export { gpuHourPrices, reliability } from './reliability.ts'
export type {
  GpuHourPrice,
  GpuPreset,
  LatencyTable,
  LinkPreset,
  ModelPreset,
  ReliabilityPreset,
  Source,
} from './schemas.ts'
export {
  gpuHourPriceSchema,
  gpuSchema,
  latencyRowSchema,
  latencyTableSchema,
  linkSchema,
  modelSchema,
  reliabilitySchema,
  sourceSchema,
} from './schemas.ts'

function byId<T extends { id: string }>(list: readonly T[], id: string): T | undefined {
  return list.find((item) => item.id === id)
}

/**
 * Looks up a GPU preset.
 *
 * @example gpuById('h100-sxm')?.hbmBandwidth // 3.35e12
 */
export const gpuById = (id: string) => byId(gpus, id)

/**
 * Looks up a model preset.
 *
 * @example modelById('llama-3-70b')?.kvHeads // 8
 */
export const modelById = (id: string) => byId(models, id)

/** Looks up a link preset, e.g. linkById('infiniband-ndr')?.bandwidthPerDirection // 5e10 */
export const linkById = (id: string) => byId(links, id)

/** Looks up a latency table, e.g. latencyTableById('dean-classic') */
export const latencyTableById = (id: string) => byId(latencyTables, id)
