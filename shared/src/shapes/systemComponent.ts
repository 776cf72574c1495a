import { z } from 'zod'
import { inspectorFields, kindIdsOf, labelField } from './inspectorFields.ts'
import { label, oneOf, type ShapePart, type ShapeSpec, size } from './shapeSpec.ts'

/** A kind of a shape that comes in kinds: its name (also the default label), group and search words. */
export type KindInfo = Omit<ShapePart, 'id' | 'props'>

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
export const componentKindIds = kindIdsOf(componentKinds)

/**
 * Props of the generic component: one shape for every part that is an icon, a label and a line
 * of detail (load balancer, vector database, users, ...), told apart by `kind`.
 */
export const systemComponentProps = z.object({
  w: size,
  h: size,
  kind: oneOf(componentKindIds, 'component kind'),
  label: label(),
  /** Free text under the label: '3 replicas', '10 TB, 3 AZs'. */
  detail: label(160),
})
/** Props of a generic component. */
export type SystemComponentProps = z.output<typeof systemComponentProps>

/** The generic component shape; placing a part sets its kind and label. */
export const systemComponentShape: ShapeSpec<typeof systemComponentProps, 'system-component'> = {
  type: 'system-component',
  props: systemComponentProps,
  migrations: [],
  defaults: () => ({
    w: 210,
    h: 72,
    kind: 'load-balancer',
    label: componentKinds['load-balancer'].name,
    detail: '',
  }),
  fields: inspectorFields(systemComponentProps, [
    labelField,
    { key: 'kind', label: 'Kind', optionLabel: (kind) => componentKinds[kind as ComponentKind].name },
    { key: 'detail', label: 'Detail', placeholder: 'e.g. 3 replicas, 10 TB' },
  ]),
  parts: kindParts(componentKinds),
  category: (props) => componentKinds[props.kind as ComponentKind]?.category ?? 'people',
  face: (component) => {
    const subtitle = subtitleOf(component)
    return { lines: subtitle ? [{ text: subtitle }] : [] }
  },
}

/** The line under the label: the detail, or the kind when the label no longer says it. */
function subtitleOf({ kind, label, detail }: SystemComponentProps): string {
  const kindName = componentKinds[kind as ComponentKind].name
  return detail || (label.trim() === kindName ? '' : kindName)
}

/** A palette entry per kind, placing the shape with that kind and its name as the label. */
export function kindParts(kinds: Readonly<Record<string, KindInfo>>): ShapePart[] {
  return Object.entries(kinds).map(([kind, info]) => ({
    id: kind,
    ...info,
    props: { kind, label: info.name },
  }))
}
