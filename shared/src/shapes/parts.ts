import { boundaryShape } from './boundary.ts'
import { gpuClusterShape } from './gpuCluster.ts'
import { gpuNodeShape } from './gpuNode.ts'
import { modelServerShape } from './modelServer.ts'
import { type PartCategory, partCategories, type ShapePart } from './shapeSpec.ts'
import { kitShapeSpecs } from './specs.ts'
import { componentKindIds, systemComponentShape } from './systemComponent.ts'

/**
 * The palette: every shape spec's parts (see `ShapeSpec.parts`) and the link, grouped and
 * ordered, and the search over them. Icons live in the client (`PartIcon`, by part id).
 */

// Where these lived before the specs carried their parts; the tests import them from here.
export { componentKindIds, partCategories }

/** What placing a part does: create a shape (with these props over its defaults), or start a link. */
export type PartAction = { kind: 'shape'; type: string; props: Record<string, unknown> } | { kind: 'link' }

/** One entry of the palette. */
export interface Part extends Omit<ShapePart, 'props'> {
  action: PartAction
}

/**
 * Names for the kit's shape types, for code that must tell one from another (the simulator,
 * the report). A new shape needs a name here only if such code asks for it.
 */
export const shapeTypes = {
  gpuNode: gpuNodeShape.type,
  gpuCluster: gpuClusterShape.type,
  modelServer: modelServerShape.type,
  component: systemComponentShape.type,
  boundary: boundaryShape.type,
} as const

function categoryOrder(category: PartCategory): number {
  return partCategories.findIndex((c) => c.id === category)
}

/** Order within a group: the figures-bearing parts and the traffic path first. */
const ORDER = [
  'gpu-node',
  'gpu-cluster',
  'cpu-host',
  'link',
  'switch',
  'region',
  'availability-zone',
  'load-balancer',
  'api-gateway',
  'router',
  'model-server',
  'prefill-pool',
  'decode-pool',
  'tokenizer',
  'kv-cache-tier',
  'embedding-service',
  'reranker',
]
function withinOrder(id: string): number {
  const at = ORDER.indexOf(id)
  return at === -1 ? ORDER.length : at
}

const unsortedParts: Part[] = [
  {
    id: 'link',
    name: 'Link',
    category: 'network',
    keywords: 'arrow connection nvlink infiniband ethernet pcie bandwidth wire',
    action: { kind: 'link' },
  },
  ...kitShapeSpecs.flatMap((spec) =>
    spec.parts.map(
      ({ props = {}, ...part }): Part => ({ ...part, action: { kind: 'shape', type: spec.type, props } }),
    ),
  ),
]

/** Every part, grouped by category in palette order. */
export const parts: readonly Part[] = unsortedParts.sort(
  (a, b) => categoryOrder(a.category) - categoryOrder(b.category) || withinOrder(a.id) - withinOrder(b.id),
)

/** Looks up a part, e.g. partById('vector-db')?.name // 'Vector database' */
export const partById = (id: string): Part | undefined => parts.find((part) => part.id === id)

/**
 * Parts matching what someone typed: every word must match the start of a word in the name or
 * keywords; name matches rank first.
 *
 * @example searchParts('vec')[0]?.id // 'vector-db'
 */
export function searchParts(query: string): Part[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...parts]
  const scored: Array<{ part: Part; score: number }> = []
  for (const part of parts) {
    const nameWords = part.name.toLowerCase().split(/[\s/-]+/)
    const allWords = [...nameWords, ...part.keywords.toLowerCase().split(/\s+/)]
    let score = 0
    let matched = true
    for (const word of words) {
      if (nameWords.some((w) => w.startsWith(word))) score += 2
      else if (allWords.some((w) => w.startsWith(word))) score += 1
      else matched = false
    }
    if (matched) scored.push({ part, score })
  }
  return scored.sort((a, b) => b.score - a.score).map((entry) => entry.part)
}
