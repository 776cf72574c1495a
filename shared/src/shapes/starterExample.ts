import { gpuNodeShape } from './gpuNode.ts'
import { modelServerShape } from './modelServer.ts'

/**
 * A starter diagram drawn with the kit, as the plain tldraw records a template's
 * `starterDiagram` holds (JSON, no tldraw import): disaggregated LLM serving in one region —
 * users → load balancer → router → a prefill pool and a decode pool of 8 × H100 nodes, joined by
 * InfiniBand for the KV hand-off → a KV / prefix cache tier → an object store. Link arrows carry
 * only `meta.linkType`; the loader writes their bandwidth labels.
 */

type StarterRecord = Record<string, unknown>

const text = (value: string) => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text: value }] }],
})

function shape(
  id: string,
  type: string,
  x: number,
  y: number,
  props: Record<string, unknown>,
  parent?: string,
): StarterRecord {
  return {
    typeName: 'shape',
    id: `shape:${id}`,
    type,
    x,
    y,
    parentId: parent ? `shape:${parent}` : 'page:page',
    props,
  }
}

function component(
  id: string,
  kind: string,
  label: string,
  x: number,
  y: number,
  detail = '',
  parent?: string,
) {
  return shape(id, 'system-component', x, y, { w: 220, h: 72, kind, label, detail }, parent)
}

function node(id: string, label: string, y: number, parent: string) {
  return shape(id, 'gpu-node', 16, y, { ...gpuNodeShape.defaults(), w: 264, h: 76, label }, parent)
}

function server(id: string, label: string, replicas: number, tensorParallel: number, parent: string) {
  return shape(
    id,
    'model-server',
    16,
    54,
    { ...modelServerShape.defaults(), w: 264, h: 88, label, replicas, tensorParallel },
    parent,
  )
}

/** An arrow from one shape to another, bound at both ends; a link when `linkType` is given. */
function arrow(
  id: string,
  from: string,
  to: string,
  options: { label?: string; linkType?: string; linkCount?: number } = {},
): StarterRecord[] {
  const record: StarterRecord = {
    typeName: 'shape',
    id: `shape:${id}`,
    type: 'arrow',
    x: 0,
    y: 0,
    parentId: 'page:page',
    props: {
      start: { x: 0, y: 0 },
      end: { x: 100, y: 0 },
      size: 's',
      font: 'sans',
      scale: 0.75,
      color: options.linkType ? 'blue' : 'grey',
      ...(options.label ? { richText: text(options.label) } : {}),
    },
    meta: options.linkType ? { linkType: options.linkType, linkCount: options.linkCount ?? 1 } : {},
  }
  const binding = (terminal: 'start' | 'end', target: string): StarterRecord => ({
    typeName: 'binding',
    id: `binding:${id}-${terminal}`,
    type: 'arrow',
    fromId: `shape:${id}`,
    toId: `shape:${target}`,
    props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false },
  })
  return [record, binding('start', from), binding('end', to)]
}

/** The disaggregated-serving starter diagram (records for `loadStarterDiagram`). */
export const inferenceArchitectureStarter: readonly StarterRecord[] = [
  shape('region', 'boundary', 0, 0, { w: 1080, h: 800, kind: 'region', label: 'us-east-1' }),
  component('users', 'users', 'Users', -300, 184, 'chat and API clients'),
  component('lb', 'load-balancer', 'Load balancer', 30, 184, 'L7, TLS termination', 'region'),
  component('router', 'router', 'Router', 30, 378, 'prefix-aware routing', 'region'),
  shape(
    'prefill',
    'boundary',
    370,
    52,
    { w: 296, h: 330, kind: 'prefill-pool', label: 'Prefill pool' },
    'region',
  ),
  server('prefill-engine', 'Prefill engine', 2, 8, 'prefill'),
  node('prefill-0', 'prefill-0', 152, 'prefill'),
  node('prefill-1', 'prefill-1', 238, 'prefill'),
  shape(
    'decode',
    'boundary',
    370,
    446,
    { w: 296, h: 330, kind: 'decode-pool', label: 'Decode pool' },
    'region',
  ),
  server('decode-engine', 'Decode engine', 4, 4, 'decode'),
  node('decode-0', 'decode-0', 152, 'decode'),
  node('decode-1', 'decode-1', 238, 'decode'),
  component('kv', 'kv-cache-tier', 'KV cache', 836, 378, 'DRAM + NVMe tiers', 'region'),
  component('objects', 'object-store', 'Object store', 836, 624, 'weights, cold prefixes', 'region'),
  ...arrow('a-users-lb', 'users', 'lb', { label: 'HTTPS' }),
  ...arrow('a-lb-router', 'lb', 'router'),
  ...arrow('a-router-prefill', 'router', 'prefill', { label: 'prompts' }),
  ...arrow('a-decode-router', 'decode', 'router', { label: 'tokens' }),
  ...arrow('a-prefill-decode', 'prefill', 'decode', { linkType: 'infiniband-ndr', linkCount: 8 }),
  ...arrow('a-prefill-kv', 'prefill', 'kv', { linkType: 'ethernet-400g' }),
  ...arrow('a-decode-kv', 'decode', 'kv', { linkType: 'ethernet-400g' }),
  ...arrow('a-kv-objects', 'kv', 'objects', { linkType: 'ethernet-100g' }),
]
