/**
 * The parts of Roofline's diagram kit, as data: the palette groups, the kinds of the generic
 * component and boundary shapes, and what placing each part creates. Icons live in the client.
 */

/** Palette groups, in order. */
export const partCategories = [
  { id: 'compute', name: 'Compute' },
  { id: 'network', name: 'Network' },
  { id: 'serving', name: 'Serving' },
  { id: 'data', name: 'Data' },
  { id: 'people', name: 'People and places' },
] as const
/** A palette group. */
export type PartCategory = (typeof partCategories)[number]['id']

interface KindInfo {
  /** What people call it; also the default label. */
  name: string
  category: PartCategory
  /** Extra words the palette search matches. */
  keywords: string
}

/**
 * Kinds of the generic component shape: parts that are a box with an icon, a label and a
 * free-text detail, with no figures the estimates use.
 */
export const componentKinds = {
  'cpu-host': { name: 'CPU host', category: 'compute', keywords: 'server vm instance machine cpu node' },
  switch: {
    name: 'Switch / fabric',
    category: 'network',
    keywords: 'spine leaf tor top of rack network fabric',
  },
  'load-balancer': { name: 'Load balancer', category: 'serving', keywords: 'lb l4 l7 envoy nginx alb' },
  'api-gateway': { name: 'API gateway', category: 'serving', keywords: 'edge ingress auth rate limit' },
  router: {
    name: 'Router / scheduler',
    category: 'serving',
    keywords: 'request router scheduler dispatcher kv aware routing',
  },
  tokenizer: { name: 'Tokenizer', category: 'serving', keywords: 'tokens bpe detokenizer text' },
  'kv-cache-tier': {
    name: 'KV / prefix cache',
    category: 'serving',
    keywords: 'kv cache prefix cache tier offload lmcache cpu memory',
  },
  'embedding-service': {
    name: 'Embedding service',
    category: 'serving',
    keywords: 'embeddings encoder vectors',
  },
  reranker: { name: 'Reranker', category: 'serving', keywords: 'rerank cross encoder ranking retrieval' },
  'vector-db': { name: 'Vector database', category: 'data', keywords: 'ann index embeddings faiss pgvector' },
  'object-store': { name: 'Object store', category: 'data', keywords: 's3 gcs blob bucket storage' },
  'relational-db': { name: 'Relational database', category: 'data', keywords: 'sql postgres mysql oltp' },
  'kv-store': { name: 'Key-value cache', category: 'data', keywords: 'kv redis memcached cache store' },
  queue: { name: 'Queue / log', category: 'data', keywords: 'kafka pubsub sqs stream message bus' },
  'checkpoint-store': {
    name: 'Checkpoint store',
    category: 'data',
    keywords: 'checkpoints snapshots weights',
  },
  'feature-store': { name: 'Feature store', category: 'data', keywords: 'features online offline feast' },
  'pipeline-stage': {
    name: 'Pipeline stage',
    category: 'data',
    keywords: 'etl batch job spark beam transform',
  },
  users: { name: 'Users / clients', category: 'people', keywords: 'clients people customers apps browser' },
  'external-service': {
    name: 'External service',
    category: 'people',
    keywords: 'third party saas api dependency vendor',
  },
} as const satisfies Record<string, KindInfo>
/** A kind of the generic component shape. */
export type ComponentKind = keyof typeof componentKinds
/** Every component kind, in palette order. */
export const componentKindIds = Object.keys(componentKinds) as [ComponentKind, ...ComponentKind[]]

/** Kinds of the boundary shape: a region that holds other parts. */
export const boundaryKinds = {
  region: { name: 'Region', category: 'network', keywords: 'cloud region geography datacenter' },
  'availability-zone': { name: 'Availability zone', category: 'network', keywords: 'az zone failure domain' },
  'prefill-pool': {
    name: 'Prefill pool',
    category: 'serving',
    keywords: 'prefill prompt disaggregated pool workers',
  },
  'decode-pool': {
    name: 'Decode pool',
    category: 'serving',
    keywords: 'decode generation disaggregated pool',
  },
} as const satisfies Record<string, KindInfo>
/** A kind of the boundary shape. */
export type BoundaryKind = keyof typeof boundaryKinds
/** Every boundary kind. */
export const boundaryKindIds = Object.keys(boundaryKinds) as [BoundaryKind, ...BoundaryKind[]]

/** What placing a part does: create a shape (with these props over its defaults), or start a link. */
export type PartAction = { kind: 'shape'; type: string; props: Record<string, unknown> } | { kind: 'link' }

/** One entry of the palette. */
export interface Part {
  /** Stable id; also names the part's icon. */
  id: string
  name: string
  category: PartCategory
  keywords: string
  action: PartAction
}

const shape = (type: string, props: Record<string, unknown> = {}): PartAction => ({
  kind: 'shape',
  type,
  props,
})

/** The shape types of the kit (tldraw `type`). */
export const shapeTypes = {
  gpuNode: 'gpu-node',
  gpuCluster: 'gpu-cluster',
  modelServer: 'model-server',
  component: 'system-component',
  boundary: 'boundary',
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
    id: 'gpu-node',
    name: 'GPU node',
    category: 'compute',
    keywords: 'server accelerator h100 a100 b200 hgx dgx gpu',
    action: shape(shapeTypes.gpuNode),
  },
  {
    id: 'gpu-cluster',
    name: 'GPU cluster',
    category: 'compute',
    keywords: 'pod superpod nodes fleet nvl72 training gpu',
    action: shape(shapeTypes.gpuCluster),
  },
  {
    id: 'link',
    name: 'Link',
    category: 'network',
    keywords: 'arrow connection nvlink infiniband ethernet pcie bandwidth wire',
    action: { kind: 'link' },
  },
  {
    id: 'model-server',
    name: 'Model server',
    category: 'serving',
    keywords: 'vllm tgi tensorrt sglang inference engine replica llm',
    action: shape(shapeTypes.modelServer),
  },
  ...Object.entries(componentKinds).map(
    ([kind, info]): Part => ({
      id: kind,
      ...info,
      action: shape(shapeTypes.component, { kind, label: info.name }),
    }),
  ),
  ...Object.entries(boundaryKinds).map(
    ([kind, info]): Part => ({
      id: kind,
      ...info,
      action: shape(shapeTypes.boundary, { kind, label: info.name }),
    }),
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
