import { FinishHeap } from './finishHeap.ts'
import type { PoolStats } from './metrics.ts'
import { ReplicaSet } from './replicaSet.ts'
import type { ReplicaSpeed } from './replicaSpeed.ts'
import { Deque } from './requests.ts'
import { busy, complete, firstToken, type RunContext, type Stage } from './runContext.ts'
import type { Scenario, ServingPool } from './scenario.ts'

/**
 * Decode replicas with continuous batching (also colocated replicas, which prefill too). Each
 * step is one event for the whole batch, never one per token: a replica's step count advances,
 * sequences finish when the count reaches their last token (a heap by finishing step), and the
 * batch's KV is sum(context at admission) + batch · steps − sum(admission step), kept in O(1).
 * At each step boundary the replica admits waiting sequences while the batch and the KV room
 * allow, runs one prefill (a new prompt when colocated, a preempted sequence's recompute) before
 * decoding, and preempts the newest sequences when the next step's tokens would not fit.
 */
export class DecodeStage implements Stage {
  readonly set: ReplicaSet
  private readonly batch: Int32Array
  private readonly sumContext: Float64Array
  private readonly sumAdmit: Float64Array
  private readonly steps: Float64Array
  private readonly stepping: Uint8Array
  private readonly generation: Int32Array
  private readonly prefilling: Int32Array
  private readonly maxBatch: Int32Array
  /** Sequences whose KV is here, waiting for a batch slot. */
  private readonly ready: Deque[]
  /** Sequences that need a prefill first (new prompts when colocated, preempted ones). */
  private readonly recompute: Deque[]
  private readonly finishing: FinishHeap[]
  /** Admission order per replica, for preempting the newest first: request and epoch pairs. */
  private readonly admitted: number[][]
  private readonly orphans = new Deque()
  private readonly popped = { r: 0, epoch: 0 }

  private readonly ctx: RunContext

  /** Colocated replicas prefill new prompts themselves. */
  private readonly prefills: boolean
  private readonly kind: number

  constructor(
    ctx: RunContext,
    specs: readonly ServingPool[],
    scenario: Scenario,
    prefills: boolean,
    kind: number,
  ) {
    this.ctx = ctx
    this.prefills = prefills
    this.kind = kind
    const policy = prefills ? scenario.router : 'least-loaded'
    this.set = new ReplicaSet(specs, policy, 8)
    const n = this.set.n
    this.batch = new Int32Array(n)
    this.sumContext = new Float64Array(n)
    this.sumAdmit = new Float64Array(n)
    this.steps = new Float64Array(n)
    this.stepping = new Uint8Array(n)
    this.generation = new Int32Array(n)
    this.prefilling = new Int32Array(n).fill(-1)
    this.maxBatch = new Int32Array(n)
    for (let i = 0; i < n; i++)
      this.maxBatch[i] = (specs[this.set.poolOf[i] as number] as ServingPool).maxBatch
    this.ready = Array.from({ length: n }, () => new Deque())
    this.recompute = Array.from({ length: n }, () => new Deque())
    this.finishing = Array.from({ length: n }, () => new FinishHeap())
    this.admitted = Array.from({ length: n }, () => [])
  }

  get pools() {
    return this.set.pools
  }

  enter(r: number, t: number): void {
    this.place(r, t, this.prefills)
  }

  handle(i: number, generation: number, t: number): void {
    if (generation !== this.generation[i]) return
    const reqs = this.ctx.reqs
    const r = this.prefilling[i] as number
    if (r >= 0) {
      this.prefilling[i] = -1
      firstToken(this.ctx, r, t)
      reqs.generated[r] = Math.max(reqs.generated[r] as number, 1)
      if ((reqs.generated[r] as number) >= (reqs.output[r] as number)) this.leave(i, r, t)
      else this.admit(i, r)
    } else {
      const steps = (this.steps[i] as number) + 1
      this.steps[i] = steps
      this.ctx.series.outputTokens[this.ctx.series.bucketOf(t)] =
        (this.ctx.series.outputTokens[this.ctx.series.bucketOf(t)] as number) + (this.batch[i] as number)
      const heap = this.finishing[i] as FinishHeap
      const out = this.popped
      while (heap.peekStep() <= steps) {
        heap.pop(out)
        if (reqs.epoch[out.r] !== out.epoch) continue
        this.unbatch(i, out.r)
        this.leave(i, out.r, t)
      }
    }
    this.schedule(i, t)
  }

  queued(pool: number): number {
    let n = pool === 0 ? this.orphans.length : 0
    for (let i = 0; i < this.set.n; i++)
      if (this.set.poolOf[i] === pool)
        n += (this.ready[i] as Deque).length + (this.recompute[i] as Deque).length
    return n
  }

  /** KV tokens replica i holds now. */
  kvUsed(i: number): number {
    return (
      (this.sumContext[i] as number) +
      (this.batch[i] as number) * (this.steps[i] as number) -
      (this.sumAdmit[i] as number)
    )
  }

  /** Share of pool k's KV capacity in use (alive replicas); NaN when the capacity is unbounded. */
  kvShare(k: number): number {
    const cap = (this.set.speeds[k] as ReplicaSpeed).kvCapacityTokens
    if (!Number.isFinite(cap)) return Number.NaN
    let used = 0
    let replicas = 0
    for (let i = 0; i < this.set.n; i++) {
      if (this.set.poolOf[i] !== k || !this.set.alive[i]) continue
      used += this.kvUsed(i)
      replicas += 1
    }
    return replicas > 0 ? used / (replicas * cap) : Number.NaN
  }

  /** Takes `count` replicas of pool k away at t: what they held is placed again (and recomputed). */
  lose(k: number, count: number, t: number): void {
    const reqs = this.ctx.reqs
    for (const i of this.set.lose(k, count)) {
      this.generation[i] = (this.generation[i] as number) + 1
      this.stepping[i] = 0
      const again: number[] = []
      const waiting: number[] = []
      if ((this.prefilling[i] as number) >= 0) again.push(this.prefilling[i] as number)
      this.prefilling[i] = -1
      const stack = this.admitted[i] as number[]
      for (let s = 0; s < stack.length; s += 2) {
        const r = stack[s] as number
        if (reqs.epoch[r] !== stack[s + 1]) continue
        this.unbatch(i, r)
        again.push(r)
      }
      this.admitted[i] = []
      ;(this.finishing[i] as FinishHeap).clear()
      ;(this.recompute[i] as Deque).drain((r) => again.push(r))
      ;(this.ready[i] as Deque).drain((r) => waiting.push(r))
      const stats = this.set.pools[k] as PoolStats
      for (const r of again) {
        stats.drop(t)
        this.place(r, t, true)
      }
      for (const r of waiting) {
        stats.drop(t)
        this.place(r, t, false)
      }
    }
  }

  /** Routes r to a replica at t, into the prefill line or the ready line. */
  private place(r: number, t: number, needsPrefill: boolean): void {
    const reqs = this.ctx.reqs
    const i = this.set.router.pick(reqs.group[r] as number)
    if (i < 0) {
      this.orphans.push(r)
      return
    }
    this.set.statsOf(i).enter(t)
    reqs.entered[r] = t
    reqs.started[r] = 0
    this.set.loads.add(i, 1)
    if (needsPrefill) (this.recompute[i] as Deque).push(r)
    else (this.ready[i] as Deque).push(r)
    if (!this.stepping[i]) this.schedule(i, t)
  }

  private markStarted(i: number, r: number, t: number): void {
    const reqs = this.ctx.reqs
    if (reqs.started[r]) return
    reqs.started[r] = 1
    this.set.statsOf(i).start(t - (reqs.entered[r] as number))
  }

  private admit(i: number, r: number): void {
    const reqs = this.ctx.reqs
    const context = (reqs.prompt[r] as number) + (reqs.generated[r] as number)
    reqs.context[r] = context
    reqs.admitStep[r] = this.steps[i] as number
    this.batch[i] = (this.batch[i] as number) + 1
    this.sumContext[i] = (this.sumContext[i] as number) + context
    this.sumAdmit[i] = (this.sumAdmit[i] as number) + (this.steps[i] as number)
    ;(this.finishing[i] as FinishHeap).push(
      (this.steps[i] as number) + (reqs.output[r] as number) - (reqs.generated[r] as number),
      r,
      reqs.epoch[r] as number,
    )
    const stack = this.admitted[i] as number[]
    stack.push(r, reqs.epoch[r] as number)
    // Finished sequences leave stale entries behind; compact before the stack outgrows the batch.
    if (stack.length > 8 * (this.batch[i] as number) + 128) this.admitted[i] = compact(stack, reqs.epoch)
  }

  /** Takes r out of replica i's batch, keeping the tokens it generated. */
  private unbatch(i: number, r: number): void {
    const reqs = this.ctx.reqs
    reqs.generated[r] =
      (reqs.generated[r] as number) + (this.steps[i] as number) - (reqs.admitStep[r] as number)
    this.batch[i] = (this.batch[i] as number) - 1
    this.sumContext[i] = (this.sumContext[i] as number) - (reqs.context[r] as number)
    this.sumAdmit[i] = (this.sumAdmit[i] as number) - (reqs.admitStep[r] as number)
    reqs.epoch[r] = (reqs.epoch[r] as number) + 1
  }

  private leave(i: number, r: number, t: number): void {
    this.set.loads.add(i, -1)
    this.set.statsOf(i).leave(t, t - (this.ctx.reqs.entered[r] as number))
    complete(this.ctx, r, t)
  }

  /** At a step boundary: admit, prefill one, preempt to fit, then start the next step (or idle). */
  private schedule(i: number, t: number): void {
    const reqs = this.ctx.reqs
    const speed = this.set.speedOf(i)
    const cap = speed.kvCapacityTokens
    const max = this.maxBatch[i] as number
    const ready = this.ready[i] as Deque
    while (ready.length > 0 && (this.batch[i] as number) < max) {
      const r = ready.peek()
      if (
        (this.batch[i] as number) > 0 &&
        this.kvUsed(i) + (reqs.prompt[r] as number) + (reqs.generated[r] as number) > cap
      )
        break
      ready.shift()
      this.markStarted(i, r, t)
      this.admit(i, r)
    }
    const waiting = this.recompute[i] as Deque
    if (waiting.length > 0 && (this.batch[i] as number) < max) {
      const r = waiting.peek()
      const context = (reqs.prompt[r] as number) + (reqs.generated[r] as number)
      if ((this.batch[i] as number) === 0 || this.kvUsed(i) + context <= cap) {
        waiting.shift()
        this.markStarted(i, r, t)
        this.prefilling[i] = r
        const fresh = reqs.generated[r] === 0
        const hit = fresh && this.set.prefixes.touch(i, reqs.group[r] as number)
        const cached = hit ? Math.floor((reqs.prompt[r] as number) * this.ctx.sharedPrefix) : 0
        this.start(i, t, speed.prefillSeconds(context, cached))
        return
      }
    }
    while ((this.batch[i] as number) > 1 && this.kvUsed(i) + (this.batch[i] as number) > cap) this.preempt(i)
    if (this.batch[i] === 0) {
      this.stepping[i] = 0
      return
    }
    const batch = this.batch[i] as number
    const seconds = speed.stepSeconds(batch, this.kvUsed(i))
    this.set.statsOf(i).batchSeconds += (batch / (this.maxBatch[i] as number)) * seconds
    this.start(i, t, seconds)
  }

  private start(i: number, t: number, seconds: number): void {
    this.stepping[i] = 1
    busy(this.ctx, this.set.statsOf(i), t, seconds)
    this.ctx.events.push(t + seconds, this.kind, i, this.generation[i] as number)
  }

  /** Preempts replica i's newest sequence: it keeps its tokens and waits to be recomputed. */
  private preempt(i: number): void {
    const reqs = this.ctx.reqs
    const stack = this.admitted[i] as number[]
    while (stack.length > 0) {
      const epoch = stack.pop() as number
      const r = stack.pop() as number
      if (reqs.epoch[r] !== epoch) continue
      this.unbatch(i, r)
      ;(this.recompute[i] as Deque).unshift(r)
      this.set.statsOf(i).preemptions += 1
      this.ctx.series.preemptions[this.ctx.series.bucketOf(this.ctx.events.time)] =
        (this.ctx.series.preemptions[this.ctx.series.bucketOf(this.ctx.events.time)] as number) + 1
      return
    }
  }
}

function compact(stack: number[], epochs: Int32Array): number[] {
  const kept: number[] = []
  for (let s = 0; s < stack.length; s += 2)
    if (epochs[stack[s] as number] === stack[s + 1]) kept.push(stack[s] as number, stack[s + 1] as number)
  return kept
}
