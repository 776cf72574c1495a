import { linkById, modelById } from '../presets/index.ts'
import { aggregateHardware } from '../shapes/aggregate.ts'
import { readLinkMeta } from '../shapes/link.ts'
import { modelServerShape } from '../shapes/modelServer.ts'
import { shapeTypes } from '../shapes/parts.ts'
import { modelMemory } from '../shapes/replicaEstimate.ts'
import { chooseReplicaLayout } from '../shapes/replicaLayout.ts'
import { checkProps } from '../shapes/shapeSpec.ts'
import { BoardGraph, type BoardRecord, type BoardShape } from './boardGraph.ts'
import type { ScenarioInput } from './scenario.ts'

/** What the drawing does not say and a run needs: the load and how the replicas are run. */
export interface BoardScenarioOptions {
  seconds: number
  arrivalRate: number
  loadProfile?: ScenarioInput['loadProfile']
  requests?: ScenarioInput['requests']
  precision?: 'bf16' | 'fp8'
  memoryEfficiency?: number
  mfu?: number
  maxBatch?: number
  /** The router policy when the drawn router's label and detail do not name one. */
  router?: ScenarioInput['router']
  slo?: ScenarioInput['slo']
  gpuHourPrice?: number
  perturbations?: ScenarioInput['perturbations']
}

/** A scenario read off the board, with what it assumed; or the shape at fault and what is missing. */
export type BoardScenario =
  | { ok: true; scenario: ScenarioInput; notes: string[] }
  | { ok: false; shapeId: string | null; message: string }

const POOLS = ['prefill-pool', 'decode-pool'] as const

const fail = (shape: BoardShape | null, message: string): BoardScenario => ({
  ok: false,
  shapeId: shape?.id ?? null,
  message,
})

/** Router policy named in a router's label or detail, if any. */
function namedPolicy(text: string): ScenarioInput['router'] | null {
  const t = text.toLowerCase()
  if (/prefix|affinity|cache.?aware/.test(t)) return 'prefix-affinity'
  if (/round.?robin/.test(t)) return 'round-robin'
  if (/least|shortest|load.?aware/.test(t)) return 'least-loaded'
  return null
}

/**
 * Reads a serving scenario off a drawn board (tldraw records: shapes and arrow bindings).
 * Each model server is a pool: in a prefill-pool or decode-pool boundary it plays that role,
 * anywhere else it serves colocated; its replicas and TP × PP come from its props, capped at the
 * GPUs drawn beside it (chooseReplicaLayout, as the estimates do), its speed from the
 * calculators; its region is the region boundary around it. The arrow from a prefill pool to a
 * decode pool is the KV link (its link type's bandwidth and hop latency); a router whose label
 * or detail says "prefix", "round robin" or "least loaded" sets the policy.
 *
 * Never a hang: a board without a model server, a request path with a cycle (arrows out of the
 * decode side are responses and do not count), or a pool without GPUs is refused with the shape
 * and what is missing.
 */
export function scenarioFromBoard(
  records: readonly BoardRecord[],
  options: BoardScenarioOptions,
): BoardScenario {
  const board = new BoardGraph(records)
  const notes: string[] = []
  const servers = [...board.shapes.values()].filter((s) => s.type === shapeTypes.modelServer)
  if (servers.length === 0)
    return fail(
      null,
      'No model server on the board: place a Model server, and the GPUs it runs on, to simulate it.',
    )

  const pools: NonNullable<ScenarioInput['pools']> = []
  /** The node each shape stands for on the request path: its pool boundary, else itself. */
  const nodeOf = new Map<string, string>()
  const roleOf = new Map<string, 'prefill' | 'decode' | 'colocated'>()
  for (const server of servers) {
    const check = checkProps(modelServerShape, server.props)
    if (!check.ok) return fail(server, `${server.name}: ${check.issues.join('; ')}`)
    const props = check.props
    const pool = board.ancestor(server, POOLS)
    const container = pool ?? board.shapes.get(server.parentId) ?? null
    const role = pool ? (board.boundaryKind(pool) === 'prefill-pool' ? 'prefill' : 'decode') : 'colocated'
    const where = pool ? ` in ${pool.name}` : ''
    // The GPUs the server runs on: drawn in its pool (or beside it), outside any other pool.
    const beside = board.descendants(container?.id ?? 'page:page', POOLS)
    const gpuShapes = beside.filter((s) => s.type === shapeTypes.gpuNode || s.type === shapeTypes.gpuCluster)
    const totals = aggregateHardware([...gpuShapes, { type: server.type, props: server.props }])
    const model = modelById(props.modelId)
    if (!model) return fail(server, `${server.name}: unknown model "${props.modelId}"`)
    const needed = modelMemory(model, {
      precision: options.precision ?? 'bf16',
      batch: 1,
      contextTokens: 1,
    }).weights
    const layout = chooseReplicaLayout(totals, props.modelId, needed)
    if (!layout || totals.gpus === 0)
      return fail(
        server,
        `${server.name}${where} has no GPUs: place GPU nodes or a GPU cluster ${pool ? `inside ${pool.name}` : 'beside it'} for its ${props.replicas * props.tensorParallel * props.pipelineParallel} GPUs.`,
      )
    if (layout.replicas === 0)
      return fail(
        server,
        `${server.name}${where}: one replica needs ${layout.gpusPerReplica} GPUs (TP ${props.tensorParallel} × PP ${props.pipelineParallel}); only ${totals.gpus} are drawn there.`,
      )
    notes.push(...layout.notes)
    const region = board.ancestor(server, ['region'])
    pools.push({
      kind: role,
      id: server.id,
      label: pool ? `${pool.name} (${server.name})` : server.name,
      region: region?.name ?? 'default',
      replicas: layout.replicas,
      ...(options.maxBatch === undefined ? {} : { maxBatch: options.maxBatch }),
      speed: {
        source: 'calculators',
        modelId: props.modelId,
        gpuId: layout.gpu.gpuId,
        tensorParallel: layout.tensorParallel,
        pipelineParallel: layout.pipelineParallel,
        precision: options.precision ?? 'bf16',
        ...(options.memoryEfficiency === undefined ? {} : { memoryEfficiency: options.memoryEfficiency }),
        ...(options.mfu === undefined ? {} : { mfu: options.mfu }),
      },
    })
    const node = pool?.id ?? server.id
    roleOf.set(node, role)
    nodeOf.set(server.id, node)
    for (const gpu of gpuShapes) nodeOf.set(gpu.id, node)
  }

  const roles = new Set(pools.map((p) => p.kind))
  const firstOf = (kind: string) =>
    servers.find((s) => pools.find((p) => p.id === s.id)?.kind === kind) ?? null
  if (roles.has('prefill') && !roles.has('decode'))
    return fail(
      firstOf('prefill'),
      'A prefill pool needs a decode pool to hand its KV cache to: draw a Decode pool with a model server and GPUs.',
    )
  if (roles.has('decode') && !roles.has('prefill'))
    return fail(
      firstOf('decode'),
      'A decode pool needs a prefill pool before it: draw a Prefill pool with a model server and GPUs.',
    )
  if (roles.has('colocated') && roles.has('decode'))
    return fail(
      firstOf('colocated'),
      'This model server serves colocated while others are split into prefill and decode pools: put it in a pool, or take the pools apart.',
    )

  // The request path: arrows between the shapes (a pool's members stand for the pool). Arrows
  // out of the decode side carry responses back, so they are not part of it.
  const node = (id: string) => nodeOf.get(id) ?? id
  const edges: Array<[string, string]> = []
  for (const arrow of board.arrows) {
    const from = node(arrow.from)
    const to = node(arrow.to)
    const fromRole = roleOf.get(from)
    if (from === to || fromRole === 'decode' || fromRole === 'colocated') continue
    edges.push([from, to])
  }
  const cycle = BoardGraph.findCycle(edges)
  if (cycle) {
    const names = cycle.map((id) => board.shapes.get(id)?.name ?? id)
    return fail(
      board.shapes.get(cycle[0] as string) ?? null,
      `Requests would loop forever: ${names.join(' → ')}. Remove or turn around one of these arrows.`,
    )
  }

  let link: ScenarioInput['link']
  if (roles.has('prefill')) {
    const kv = board.arrows.find(
      (a) => roleOf.get(node(a.from)) === 'prefill' && roleOf.get(node(a.to)) === 'decode',
    )
    if (!kv)
      notes.push(
        'No arrow from the prefill pool to the decode pool: the KV cache is taken to arrive instantly.',
      )
    else {
      const reading = readLinkMeta(kv.shape.meta)
      if (reading.kind !== 'link')
        return fail(
          kv.shape,
          'The arrow from the prefill pool to the decode pool carries the KV cache: give it a link type, so its bandwidth is known.',
        )
      link = {
        id: kv.shape.id,
        label: 'KV link',
        bandwidth: reading.bandwidthPerDirection,
        latencySeconds: linkById(reading.linkType)?.hopLatency ?? 0,
      }
      notes.push(
        'KV link: each prefill replica sends at the drawn link bandwidth (its own NICs), side by side.',
      )
    }
  }

  const routers = [...board.shapes.values()].filter(
    (s) => s.type === shapeTypes.component && s.props.kind === 'router',
  )
  const named = routers
    .map((r) => namedPolicy(`${r.name} ${String(r.props.detail ?? '')}`))
    .find((p) => p !== null)
  const router = named ?? options.router ?? 'least-loaded'
  notes.push(
    named ? `Router: ${router}, as the drawn router says.` : `Router: ${router} (the drawing does not say).`,
  )

  const scenario: ScenarioInput = {
    seconds: options.seconds,
    arrivalRate: options.arrivalRate,
    router,
    pools,
    ...(link ? { link } : {}),
    ...(options.loadProfile ? { loadProfile: options.loadProfile } : {}),
    ...(options.requests ? { requests: options.requests } : {}),
    ...(options.slo ? { slo: options.slo } : {}),
    ...(options.gpuHourPrice === undefined ? {} : { gpuHourPrice: options.gpuHourPrice }),
    ...(options.perturbations ? { perturbations: options.perturbations } : {}),
  }
  return { ok: true, scenario, notes: [...new Set(notes)] }
}
