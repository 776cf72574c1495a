import { gpus } from '../presets/gpus.ts'
import { links } from '../presets/links.ts'
import { models } from '../presets/models.ts'
import type { Choice } from './shapeSpec.ts'

/**
 * Preset ids and the short names the shapes print, so a 240-pixel card reads
 * "8 × H100 SXM5 80GB" rather than the datasheet's full name.
 */

const ids = <T extends { id: string }>(list: readonly T[]) =>
  list.map((item) => item.id) as [string, ...string[]]

/** GPU preset ids a shape may name. */
export const gpuIds = ids(gpus)
/** Model preset ids a shape may name. */
export const modelIds = ids(models)
/** Link preset ids an arrow may carry. */
export const linkIds = ids(links)
/** Link presets that connect nodes (InfiniBand, Ethernet): what a node's NICs can be. */
export const scaleOutLinkIds = ids(links.filter((link) => link.kind === 'scale-out'))

/**
 * A GPU's name without the vendor: 'NVIDIA H100 SXM5 80GB' → 'H100 SXM5 80GB'.
 *
 * @example shortGpuName('mi300x') // 'MI300X'
 */
export function shortGpuName(id: string): string {
  const gpu = gpus.find((g) => g.id === id)
  return gpu ? gpu.name.replace(/^(NVIDIA|AMD Instinct|AMD|Google)\s+/, '') : id
}

/**
 * A link's name as a label fits it: 'InfiniBand NDR (4x port)' → 'IB NDR', '400 Gigabit Ethernet' → '400GbE'.
 *
 * @example shortLinkName('nvlink-4') // 'NVLink 4'
 */
export function shortLinkName(id: string): string {
  const link = links.find((l) => l.id === id)
  if (!link) return id
  return link.name
    .replace(/\s*\(.*\)\s*/, '')
    .replace('InfiniBand', 'IB')
    .replace(/(\d+) Gigabit Ethernet/, '$1GbE')
}

/** A model's name, or the id itself when it is not a preset. */
export function modelName(id: string): string {
  return models.find((m) => m.id === id)?.name ?? id
}

/** A link preset's full name, or the id itself when it is not a preset. */
export function linkName(id: string): string {
  return links.find((l) => l.id === id)?.name ?? id
}

/** Every link preset as a choice. */
export const linkChoices: readonly Choice[] = links.map((l) => ({ value: l.id, label: l.name }))
