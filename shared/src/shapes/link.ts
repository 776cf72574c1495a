import { z } from 'zod'
import { formatQuantity } from '../calc/units.ts'
import { linkById } from '../presets/index.ts'
import { linkIds, shortLinkName } from './presetChoices.ts'
import { oneOf, wholeNumber } from './shapeSpec.ts'

/**
 * A link is a tldraw arrow whose `meta` names a link preset: `{ linkType: 'infiniband-ndr',
 * linkCount: 8 }` (eight NDR ports in parallel). Its bandwidth label is the arrow's text.
 */
export const linkMeta = z.object({
  linkType: oneOf(linkIds, 'link type'),
  linkCount: wholeNumber(1, 1024).default(1),
})
/** A valid link's meta. */
export type LinkMeta = z.output<typeof linkMeta>

/** What an arrow's meta says about it. */
export type LinkReading =
  | { kind: 'none' }
  | { kind: 'link'; linkType: string; linkCount: number; bandwidthPerDirection: number }
  | { kind: 'invalid'; issues: string[] }

/**
 * Reads an arrow's meta: not a link, a link with its bandwidth (one direction, all parallel
 * links together), or an invalid one (unknown preset, bad count) that totals leave out.
 *
 * @example readLinkMeta({ linkType: 'infiniband-ndr', linkCount: 8 })
 * // { kind: 'link', linkType: 'infiniband-ndr', linkCount: 8, bandwidthPerDirection: 4e11 }
 */
export function readLinkMeta(meta: unknown): LinkReading {
  if (typeof meta !== 'object' || meta === null || !('linkType' in meta)) return { kind: 'none' }
  const parsed = linkMeta.safeParse(meta)
  if (!parsed.success) {
    return {
      kind: 'invalid',
      issues: parsed.error.issues.map(
        (i) => `${i.path[0] === 'linkCount' ? 'Links' : 'Link type'}: ${i.message}`,
      ),
    }
  }
  const preset = linkById(parsed.data.linkType)
  const perLink = preset?.bandwidthPerDirection ?? 0
  return { kind: 'link', ...parsed.data, bandwidthPerDirection: perLink * parsed.data.linkCount }
}

/**
 * The label an arrow carries: '8 × IB NDR · 400 GB/s'.
 *
 * @example linkLabel('nvlink-4', 1) // 'NVLink 4 · 450 GB/s'
 */
export function linkLabel(linkType: string, linkCount = 1): string {
  const preset = linkById(linkType)
  if (!preset) return `unknown link "${linkType}"`
  const bandwidth = formatQuantity(preset.bandwidthPerDirection * linkCount, 'bytes/s')
  const name = shortLinkName(linkType)
  return linkCount > 1 ? `${linkCount} × ${name} · ${bandwidth}` : `${name} · ${bandwidth}`
}
