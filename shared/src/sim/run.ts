import { ArrivalProcess, factorAt, LengthSampler } from './arrivals.ts'
import { DecodeStage } from './decodeStage.ts'
import { EventQueue } from './eventQueue.ts'
import { LinkStage } from './linkStage.ts'
import { LatencyHistogram, type PoolStats, RunSeries } from './metrics.ts'
import { PrefillStage } from './prefillStage.ts'
import { QueueStage } from './queueStage.ts'
import { RequestTable } from './requests.ts'
import { Rng } from './rng.ts'
import { complete, type RunContext, type Stage } from './runContext.ts'
import type { Perturbation, QueuePool, Scenario, ServingPool } from './scenario.ts'
import { SimulationInputError } from './simulationError.ts'
import { perturbedPools, servingPools } from './targets.ts'

const ARRIVAL = 0
const SAMPLE = 1
const PERTURB = 2
const STAGE = 3

/** One pool of the run with the stage that holds it and its index there. */
export interface RunPool {
  id: string
  label: string
  kind: 'queue' | 'prefill' | 'decode' | 'colocated' | 'link'
  region: string | null
  spec: ServingPool | QueuePool | null
  stats: PoolStats
  /** Replicas, servers, or 1 for the link. */
  capacity: number
}

/**
 * A run in progress: the event loop over arrivals, the stages' events, the time-series samples
 * and the perturbations, advanced a slice at a time so the caller can report progress and cancel.
 */
export class Run {
  readonly ctx: RunContext
  readonly pools: RunPool[] = []
  readonly notes: string[] = []
  private readonly stages: Stage[] = []
  private readonly entry: (r: number, t: number) => void
  private readonly arrivals: ArrivalProcess
  private readonly prefill: PrefillStage | null = null
  private readonly decode: DecodeStage | null = null
  private readonly serving: boolean
  private readonly prompts: LengthSampler
  private readonly outputs: LengthSampler
  now = 0
  done = false
  stoppedAtBound = false
  /** Simulated time the run covered: `seconds`, or less when it stopped at the event bound. */
  endedAt = 0
  private processed = 0

  readonly scenario: Scenario

  constructor(scenario: Scenario, seed: number) {
    this.scenario = scenario
    this.arrivals = new ArrivalProcess(scenario)
    this.prompts = new LengthSampler(scenario.requests.promptTokens)
    this.outputs = new LengthSampler(scenario.requests.outputTokens)
    const expected = this.arrivals.expected()
    if (expected > scenario.maxRequests)
      throw new SimulationInputError(
        'arrivalRate',
        `this load brings about ${Math.round(expected).toLocaleString('en-US')} requests in ${scenario.seconds} s, above the bound of ${scenario.maxRequests.toLocaleString('en-US')}: shorten the run or lower the rate`,
      )
    const width = scenario.sampleSeconds ?? scenario.seconds / 120
    const buckets = Math.max(1, Math.ceil(scenario.seconds / width - 1e-9))
    const series = new RunSeries(buckets, width)
    this.ctx = {
      events: new EventQueue(),
      rng: new Rng(seed),
      reqs: new RequestTable(Math.min(expected * 1.1 + 1024, 4_000_000)),
      series,
      ttft: new LatencyHistogram(buckets),
      interToken: new LatencyHistogram(buckets),
      endToEnd: new LatencyHistogram(buckets),
      sharedPrefix: scenario.requests.sharedPrefixFraction,
      linkSlowdown: (t) => factorAt(scenario.perturbations, 'link-slowdown', t),
    }
    const ctx = this.ctx
    const serving = servingPools(scenario)
    this.serving = serving.length > 0
    for (const [index, p] of scenario.perturbations.entries()) perturbedPools(scenario, p, index)

    // Built from the end of the path backwards, so each stage knows where requests go next.
    let next: (r: number, t: number) => void = (r, t) => complete(ctx, r, t)
    const added: Stage[] = []
    const colocated = serving.filter((p) => p.kind === 'colocated')
    if (colocated.length > 0) {
      this.decode = new DecodeStage(ctx, colocated, scenario, true, this.kindFor(added))
      added.push(this.decode)
      this.listPools(this.decode, colocated)
      next = (r, t) => this.decode?.enter(r, t)
    } else if (this.serving) {
      const decodes = serving.filter((p) => p.kind === 'decode')
      const prefills = serving.filter((p) => p.kind === 'prefill')
      this.decode = new DecodeStage(ctx, decodes, scenario, false, this.kindFor(added))
      added.push(this.decode)
      const toDecode = (r: number, t: number) => this.decode?.enter(r, t)
      let afterPrefill = toDecode
      if (scenario.link) {
        const bytes = this.decode.set.speeds[0]?.kvBytesPerToken ?? 0
        if (bytes === 0)
          this.notes.push(
            'KV link: the decode pool gives no KV bytes per token, so transfers take only the latency.',
          )
        const lanes = scenario.link.shared ? 1 : prefills.reduce((n, p) => n + p.replicas, 0)
        const link = new LinkStage(ctx, scenario.link, bytes, this.kindFor(added), toDecode, lanes)
        added.push(link)
        afterPrefill = (r, t) => link.enter(r, t)
        this.pools.push({
          id: scenario.link.id,
          label: scenario.link.label ?? scenario.link.id,
          kind: 'link',
          region: null,
          spec: null,
          stats: link.pools[0] as PoolStats,
          capacity: lanes,
        })
      } else this.notes.push('No KV link given: the KV cache reaches decode instantly.')
      this.prefill = new PrefillStage(ctx, prefills, scenario, this.kindFor(added), afterPrefill)
      added.push(this.prefill)
      this.listPools(this.prefill, prefills)
      this.listPools(this.decode, decodes)
      next = (r, t) => this.prefill?.enter(r, t)
    }
    const queues = scenario.pools.filter((p): p is QueuePool => p.kind === 'queue')
    for (const q of [...queues].reverse()) {
      const stage = new QueueStage(ctx, q, this.kindFor(added), next)
      added.push(stage)
      this.pools.unshift({
        id: q.id,
        label: q.id,
        kind: 'queue',
        region: null,
        spec: q,
        stats: stage.pools[0] as PoolStats,
        capacity: q.servers,
      })
      next = (r, t) => stage.enter(r, t)
    }
    this.stages.push(...added)
    this.entry = next
    for (const p of this.pools) {
      p.stats.busySeries = new Float64Array(buckets)
      p.stats.queueSeries = new Float64Array(buckets)
      p.stats.kvSeries = new Float64Array(buckets).fill(Number.NaN)
      p.stats.aliveSeries = new Float64Array(buckets)
    }
    for (const s of this.decode?.set.speeds ?? []) this.notes.push(...s.notes)
    const first = this.arrivals.next(0, ctx.rng)
    if (first < scenario.seconds) ctx.events.push(first, ARRIVAL)
    for (let b = 0; b < buckets; b++) ctx.events.push(Math.min((b + 1) * width, scenario.seconds), SAMPLE, b)
    for (const [index, p] of scenario.perturbations.entries())
      if (p.kind === 'lose-gpus' || p.kind === 'region-down') ctx.events.push(p.at, PERTURB, index)
  }

  /** The event kind of the next stage added (stages are numbered as they are built). */
  private kindFor(added: readonly Stage[]): number {
    return STAGE + added.length
  }

  private listPools(stage: PrefillStage | DecodeStage, specs: readonly ServingPool[]): void {
    for (const [k, spec] of specs.entries())
      this.pools.push({
        id: spec.id,
        label: spec.label ?? spec.id,
        kind: spec.kind,
        region: spec.region,
        spec,
        stats: stage.pools[k] as PoolStats,
        capacity: spec.replicas,
      })
  }

  /** Processes up to `budget` events; sets `done` at the end of the run. */
  advance(budget: number): void {
    const events = this.ctx.events
    const end = this.scenario.seconds
    const bound = this.scenario.maxEvents
    const slice = Math.min(budget, bound - this.processed)
    this.processed += slice
    for (let k = 0; k < slice; k++) {
      if (!events.pop() || events.time > end) {
        this.finish()
        return
      }
      const t = events.time
      this.now = t
      const kind = events.kind
      if (kind >= STAGE) (this.stages[kind - STAGE] as Stage).handle(events.a, events.b, t)
      else if (kind === ARRIVAL) this.arrive(t)
      else if (kind === SAMPLE) this.sample(events.a)
      else this.perturb(events.a, t)
    }
    if (this.processed >= bound) {
      this.done = true
      this.endedAt = this.now
      this.notes.push(
        `Stopped at the bound of ${bound.toLocaleString('en-US')} events, ${Math.round(this.now)} s into the ${end} s run: every figure covers those ${Math.round(this.now)} s. Lower the load or shorten the run.`,
      )
    }
  }

  private finish(): void {
    this.done = true
    this.now = this.scenario.seconds
    this.endedAt = this.scenario.seconds
  }

  private arrive(t: number): void {
    const { ctx, scenario } = this
    const reqs = ctx.reqs
    if (reqs.count >= scenario.maxRequests) {
      this.stoppedAtBound = true
      return
    }
    const mix = scenario.requests
    let r: number
    if (this.serving) {
      const factor = factorAt(scenario.perturbations, 'output-length', t)
      const prompt = this.prompts.draw(ctx.rng, 1)
      const output = this.outputs.draw(ctx.rng, factor)
      r = reqs.add(t, prompt, output, ctx.rng.below(mix.prefixGroups))
    } else r = reqs.add(t, 1, 1, 0)
    ctx.series.arrivals[ctx.series.bucketOf(t)] = (ctx.series.arrivals[ctx.series.bucketOf(t)] as number) + 1
    this.entry(r, t)
    const next = this.arrivals.next(t, ctx.rng)
    if (next < scenario.seconds) ctx.events.push(next, ARRIVAL)
  }

  private sample(bucket: number): void {
    const decode = this.decode
    for (const p of this.pools) {
      const stage = this.stageOf(p)
      const k = stage === null ? 0 : this.indexIn(p)
      p.stats.queueSeries[bucket] = stage === null ? 0 : stage.queued(k)
      p.stats.aliveSeries[bucket] =
        stage instanceof PrefillStage || stage instanceof DecodeStage
          ? (stage.set.aliveCount[k] ?? 0)
          : p.capacity
      if (decode && stage === decode) p.stats.kvSeries[bucket] = decode.kvShare(k)
    }
  }

  private stageOf(p: RunPool): Stage | null {
    if (p.kind === 'prefill') return this.prefill
    if (p.kind === 'decode' || p.kind === 'colocated') return this.decode
    return this.stages.find((s) => s.pools.includes(p.stats)) ?? null
  }

  private indexIn(p: RunPool): number {
    const stage = this.stageOf(p)
    return stage ? Math.max(0, stage.pools.indexOf(p.stats)) : 0
  }

  private perturb(index: number, t: number): void {
    const p = this.scenario.perturbations[index] as Perturbation
    for (const pool of perturbedPools(this.scenario, p, index)) {
      const run = this.pools.find((q) => q.spec === pool)
      if (!run) continue
      const stage = pool.kind === 'prefill' ? this.prefill : this.decode
      if (!stage) continue
      const k = this.indexIn(run)
      const alive = stage.set.aliveCount[k] ?? 0
      const lose = p.kind === 'lose-gpus' ? Math.min(alive, Math.ceil(p.share * pool.replicas - 1e-9)) : alive
      stage.lose(k, lose, t)
      this.notes.push(`${run.label}: lost ${lose} of ${pool.replicas} replicas at ${t} s.`)
    }
  }
}
