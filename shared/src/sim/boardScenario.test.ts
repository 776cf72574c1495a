import { describe, expect, it } from 'vitest'
import { inferenceArchitectureStarter } from '../shapes/starterExample.ts'
import { type BoardRecord, scenarioFromBoard, simulate } from './index.ts'

const starter = inferenceArchitectureStarter as readonly BoardRecord[]
const options = { seconds: 60, arrivalRate: 5 }
const without = (ids: string[]) => starter.filter((r) => !ids.includes(String(r.id)))

/** An arrow from one shape to another, with its two bindings, as tldraw stores it. */
function arrow(id: string, from: string, to: string): BoardRecord[] {
  const bind = (terminal: 'start' | 'end', target: string): BoardRecord => ({
    typeName: 'binding',
    id: `binding:${id}-${terminal}`,
    type: 'arrow',
    fromId: `shape:${id}`,
    toId: `shape:${target}`,
    props: { terminal },
  })
  return [
    { typeName: 'shape', id: `shape:${id}`, type: 'arrow', parentId: 'page:page', props: {}, meta: {} },
    bind('start', from),
    bind('end', to),
  ]
}

describe('scenarioFromBoard', () => {
  it('reads the disaggregated starter: prefill and decode pools from their servers and GPUs, the InfiniBand KV link, prefix routing', () => {
    const read = scenarioFromBoard(starter, options)
    if (!read.ok) throw new Error(read.message)
    const { scenario } = read
    expect(scenario.router).toBe('prefix-affinity')
    expect(scenario.pools).toEqual([
      expect.objectContaining({
        kind: 'prefill',
        id: 'shape:prefill-engine',
        label: 'Prefill pool (Prefill engine)',
        region: 'us-east-1',
        replicas: 2,
        speed: expect.objectContaining({ modelId: 'llama-3-70b', gpuId: 'h100-sxm', tensorParallel: 8 }),
      }),
      expect.objectContaining({
        kind: 'decode',
        id: 'shape:decode-engine',
        region: 'us-east-1',
        replicas: 4,
        speed: expect.objectContaining({ tensorParallel: 4 }),
      }),
    ])
    // Eight NDR ports: 8 × 50 GB/s, and NDR's hop latency.
    expect(scenario.link).toEqual(expect.objectContaining({ bandwidth: 400e9, id: 'shape:a-prefill-decode' }))
    expect(scenario.link?.latencySeconds).toBeGreaterThan(0)
  })

  it('runs: the drawn design simulates end to end', async () => {
    const read = scenarioFromBoard(starter, options)
    if (!read.ok) throw new Error(read.message)
    const result = await simulate(read.scenario, { seed: 1 })
    expect(result.pools.map((p) => p.kind)).toEqual(['link', 'prefill', 'decode'])
    expect(result.requests.completed).toBeGreaterThan(0.8 * result.requests.arrived)
    expect(result.gpus).toBe(32)
  })

  it('runs the drawn design under a stress card: "3x burst" triples arrivals in its window and lengthens TTFT', async () => {
    const burst = { kind: 'load', factor: 3, from: 60, to: 120 } as const
    const run = async (perturbations: (typeof burst)[]) => {
      const read = scenarioFromBoard(starter, {
        seconds: 180,
        arrivalRate: 8,
        perturbations,
        requests: { promptTokens: { mean: 2000 }, outputTokens: { mean: 200 } },
      })
      if (!read.ok) throw new Error(read.message)
      return simulate({ ...read.scenario, sampleSeconds: 60 }, { seed: 3 })
    }
    const [base, hit] = await Promise.all([run([]), run([burst])])
    expect(
      (hit.series.arrivalsPerSecond[1] as number) / (base.series.arrivalsPerSecond[1] as number),
    ).toBeGreaterThan(2.5)
    expect(hit.series.ttftP99[1] as number).toBeGreaterThan(base.series.ttftP99[1] as number)
  })

  it('a model server outside any pool serves colocated', () => {
    const read = scenarioFromBoard(
      [
        {
          typeName: 'shape',
          id: 'shape:s',
          type: 'model-server',
          parentId: 'page:page',
          props: {
            w: 1,
            h: 1,
            label: 'Chat',
            engine: 'vllm',
            modelId: 'llama-3-8b',
            replicas: 4,
            tensorParallel: 1,
            pipelineParallel: 1,
          },
        },
        {
          typeName: 'shape',
          id: 'shape:n',
          type: 'gpu-node',
          parentId: 'page:page',
          props: {
            w: 1,
            h: 1,
            label: 'n',
            gpuId: 'h100-sxm',
            gpusPerNode: 8,
            nicLinkId: 'infiniband-ndr',
            nicsPerNode: 8,
          },
        },
      ],
      options,
    )
    if (!read.ok) throw new Error(read.message)
    expect(read.scenario.pools).toEqual([
      expect.objectContaining({ kind: 'colocated', label: 'Chat', replicas: 4 }),
    ])
  })

  it('refuses a board without a model server, saying what to place', () => {
    const read = scenarioFromBoard(without(['shape:prefill-engine', 'shape:decode-engine']), options)
    expect(read).toEqual({
      ok: false,
      shapeId: null,
      message: expect.stringMatching(/^No model server on the board: place a Model server/),
    })
  })

  it('refuses a pool with no GPUs, naming its server and pool', () => {
    const read = scenarioFromBoard(without(['shape:decode-0', 'shape:decode-1']), options)
    expect(read).toEqual({
      ok: false,
      shapeId: 'shape:decode-engine',
      message:
        'Decode engine in Decode pool has no GPUs: place GPU nodes or a GPU cluster inside Decode pool for its 16 GPUs.',
    })
  })

  it('refuses a request path with a cycle, naming the shapes along it', () => {
    const read = scenarioFromBoard([...starter, ...arrow('a-router-lb', 'router', 'lb')], options)
    expect(read.ok).toBe(false)
    if (read.ok) return
    expect(read.message).toMatch(
      /^Requests would loop forever: (Load balancer → Router → Load balancer|Router → Load balancer → Router)\./,
    )
  })

  it('does not count the decode pool answering back through the router as a cycle', () => {
    // The starter has decode → router ("tokens"): responses, not a loop.
    expect(starter.some((r) => r.id === 'shape:a-decode-router')).toBe(true)
    expect(scenarioFromBoard(starter, options).ok).toBe(true)
  })

  it('refuses a KV arrow without a link type, naming the arrow', () => {
    const records = starter.map((r) => (r.id === 'shape:a-prefill-decode' ? { ...r, meta: {} } : r))
    expect(scenarioFromBoard(records, options)).toEqual({
      ok: false,
      shapeId: 'shape:a-prefill-decode',
      message: expect.stringMatching(/carries the KV cache: give it a link type/),
    })
  })
})
